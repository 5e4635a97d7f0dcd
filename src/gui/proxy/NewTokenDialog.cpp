#include "NewTokenDialog.h"

#include "AccessTokenStore.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace egb {

NewTokenDialog::NewTokenDialog(AccessTokenStore* tokens, QWidget* parent)
    : QDialog(parent)
    , m_tokens(tokens)
{
    setObjectName(QStringLiteral("newTokenDialog"));
    setWindowTitle(tr("New access token"));
    setModal(true);
    m_stages = new QStackedWidget(this);

    // Stage 1: a label, so the person knows later which tool holds which token.
    auto* ask = new QWidget(m_stages);
    auto* askLayout = new QVBoxLayout(ask);
    askLayout->setContentsMargins(0, 0, 0, 0);
    auto* intro = new QLabel(tr("A tool sends the access token where it would send a Gemini API key. Give it a name "
                                "that says which tool or computer holds it:"),
                             ask);
    intro->setWordWrap(true);
    m_label = new QLineEdit(ask);
    m_label->setObjectName(QStringLiteral("newTokenLabel"));
    m_label->setPlaceholderText(tr("e.g. laptop scripts, Cherry Studio"));
    m_label->setMaxLength(200);
    m_error = new QLabel(ask);
    m_error->setObjectName(QStringLiteral("newTokenError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();
    auto* askButtons = new QHBoxLayout;
    m_cancel = new QPushButton(tr("Cancel"), ask);
    m_create = new QPushButton(tr("&Create"), ask);
    m_create->setObjectName(QStringLiteral("newTokenCreate"));
    m_create->setDefault(true);
    askButtons->addStretch(1);
    askButtons->addWidget(m_cancel);
    askButtons->addWidget(m_create);
    askLayout->addWidget(intro);
    askLayout->addWidget(m_label);
    askLayout->addWidget(m_error);
    askLayout->addStretch(1);
    askLayout->addLayout(askButtons);
    m_stages->addWidget(ask);

    // Stage 2: the token, this once.
    auto* show = new QWidget(m_stages);
    auto* showLayout = new QVBoxLayout(show);
    showLayout->setContentsMargins(0, 0, 0, 0);
    auto* once = new QLabel(tr("<b>Copy the token now: it is shown only this once.</b> Only its hash is kept, so it "
                               "cannot be shown again; if it is lost, remove it and make another."),
                            show);
    once->setWordWrap(true);
    m_token = new QLineEdit(show);
    m_token->setObjectName(QStringLiteral("newTokenField"));
    m_token->setReadOnly(true);
    m_token->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_token->setMinimumWidth(m_token->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 48);
    m_copy = new QPushButton(tr("&Copy"), show);
    m_copy->setObjectName(QStringLiteral("newTokenCopy"));
    auto* tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_copy);
    auto* showButtons = new QHBoxLayout;
    m_close = new QPushButton(tr("Close"), show);
    m_close->setObjectName(QStringLiteral("newTokenClose"));
    showButtons->addStretch(1);
    showButtons->addWidget(m_close);
    showLayout->addWidget(once);
    showLayout->addLayout(tokenRow);
    showLayout->addStretch(1);
    showLayout->addLayout(showButtons);
    m_stages->addWidget(show);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_stages);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &NewTokenDialog::create);
    connect(m_label, &QLineEdit::returnPressed, this, &NewTokenDialog::create);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_token->text());
        m_copy->setText(tr("Copied"));
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
}

NewTokenDialog::~NewTokenDialog() = default;

void NewTokenDialog::create()
{
    if (m_createdId != 0)
        return;
    const auto created = m_tokens ? m_tokens->add(m_label->text().trimmed()) : std::nullopt;
    if (!created) {
        m_error->setText(m_tokens ? m_tokens->lastError()
                                  : tr("The access tokens cannot be used: the key database is not open."));
        m_error->show();
        return;
    }
    m_createdId = created->id;
    m_hint = AccessTokenStore::masked(created->token);
    m_token->setText(created->token);
    m_token->selectAll();
    m_stages->setCurrentIndex(1);
    m_close->setDefault(true);
    m_token->setFocus();
}

void NewTokenDialog::done(int result)
{
    m_token->clear(); // the token exists nowhere in the app once the dialog is closed
    // Closed after the token was made (Escape, the title bar): it is made, so that is accepted.
    QDialog::done(m_createdId != 0 ? QDialog::Accepted : result);
}

} // namespace egb
