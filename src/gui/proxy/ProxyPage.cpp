#include "ProxyPage.h"

#include "AccessTokenStore.h"
#include "AppSettings.h"
#include "MessageBox.h"
#include "NewTokenDialog.h"
#include "ProxyHost.h"
#include "ProxyRequestModel.h"
#include "ProxySettings.h"
#include "ProxySnippets.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace egb {

static_assert(AppSettings::DefaultProxyPort == ProxySettings::DefaultPort, "one default port for the app and egb");

namespace {
constexpr int TokenIdRole = Qt::UserRole + 1;
// Fixed colours (dark text on pale amber / red) so a warning reads the same in light and dark themes.
const char* const WarningStyle = "QLabel { background: #fff4ce; border: 1px solid #e0b600; color: #3a2e00; "
                                 "padding: 6px; }";
const char* const ErrorStyle = "QLabel { background: #fde7e9; border: 1px solid #c42b1c; color: #5c0f08; "
                               "padding: 6px; }";
} // namespace

ProxyPage::ProxyPage(ProxyHost* host, AppSettings* settings, QWidget* parent)
    : QWidget(parent)
    , m_host(host)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("proxyPage"));
    buildUi();
    connect(m_host, &ProxyHost::requestStarted, m_requests, &ProxyRequestModel::requestStarted);
    connect(m_host, &ProxyHost::requestFinished, m_requests, &ProxyRequestModel::requestFinished);
    connect(m_host, &ProxyHost::started, this, &ProxyPage::updateState);
    connect(m_host, &ProxyHost::stopped, this, &ProxyPage::updateState);
    connect(m_host, &ProxyHost::tokensChanged, this, &ProxyPage::reloadTokens);
    reloadTokens();
    updateState();
}

ProxyPage::~ProxyPage() = default;

ProxyHost* ProxyPage::host() const
{
    return m_host;
}

void ProxyPage::buildUi()
{
    auto* root = new QVBoxLayout(this);

    // The server: where it listens, Start/Stop, what it says.
    m_serverBox = new QGroupBox(this);
    auto* server = new QGridLayout(m_serverBox);
    m_hostLabel = new QLabel(m_serverBox);
    m_hostEdit = new QLineEdit(m_serverBox);
    m_hostEdit->setObjectName(QStringLiteral("proxyHost"));
    m_hostEdit->setText(m_settings ? m_settings->proxyHost() : QStringLiteral("127.0.0.1"));
    m_hostEdit->setMaximumWidth(220);
    m_hostLabel->setBuddy(m_hostEdit);
    m_portLabel = new QLabel(m_serverBox);
    m_port = new QSpinBox(m_serverBox);
    m_port->setObjectName(QStringLiteral("proxyPort"));
    m_port->setRange(0, 65535);
    m_port->setValue(m_settings ? m_settings->proxyPort() : ProxySettings::DefaultPort);
    m_port->setGroupSeparatorShown(false);
    m_portLabel->setBuddy(m_port);
    m_startStop = new QPushButton(m_serverBox);
    m_startStop->setObjectName(QStringLiteral("proxyStartStop"));
    m_startStop->setMinimumWidth(96);
    auto* where = new QHBoxLayout;
    where->addWidget(m_hostLabel);
    where->addWidget(m_hostEdit, 1);
    where->addSpacing(8);
    where->addWidget(m_portLabel);
    where->addWidget(m_port);
    where->addSpacing(8);
    where->addWidget(m_startStop);
    server->addLayout(where, 0, 0, 1, 3);
    m_exposed = new QLabel(m_serverBox);
    m_exposed->setObjectName(QStringLiteral("proxyExposedWarning"));
    m_exposed->setWordWrap(true);
    m_exposed->setStyleSheet(QLatin1String(WarningStyle));
    m_exposed->hide();
    server->addWidget(m_exposed, 1, 0, 1, 3);
    m_status = new QLabel(m_serverBox);
    m_status->setObjectName(QStringLiteral("proxyStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    server->addWidget(m_status, 2, 0, 1, 3);
    m_addressLabel = new QLabel(m_serverBox);
    m_address = new QLineEdit(m_serverBox);
    m_address->setObjectName(QStringLiteral("proxyAddress"));
    m_address->setReadOnly(true);
    m_address->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_addressLabel->setBuddy(m_address);
    m_copyAddress = new QPushButton(m_serverBox);
    m_copyAddress->setObjectName(QStringLiteral("proxyCopyAddress"));
    server->addWidget(m_addressLabel, 3, 0);
    server->addWidget(m_address, 3, 1);
    server->addWidget(m_copyAddress, 3, 2);
    m_startWithApp = new QCheckBox(m_serverBox);
    m_startWithApp->setObjectName(QStringLiteral("proxyStartWithApp"));
    m_startWithApp->setChecked(m_settings && m_settings->proxyStartsWithApp());
    server->addWidget(m_startWithApp, 4, 0, 1, 3);
    m_notes = new QLabel(m_serverBox);
    m_notes->setObjectName(QStringLiteral("proxyNotes"));
    m_notes->setWordWrap(true);
    m_notes->setStyleSheet(QLatin1String(WarningStyle));
    m_notes->hide();
    server->addWidget(m_notes, 5, 0, 1, 3);
    server->setRowStretch(6, 1);
    server->setColumnStretch(1, 1);

    // The access tokens: label, hint, created. The token itself is shown once, by NewTokenDialog.
    m_tokensBox = new QGroupBox(this);
    auto* tokens = new QVBoxLayout(m_tokensBox);
    m_tokens = new QTreeWidget(m_tokensBox);
    m_tokens->setObjectName(QStringLiteral("proxyTokens"));
    m_tokens->setColumnCount(3);
    m_tokens->setRootIsDecorated(false);
    m_tokens->setUniformRowHeights(true);
    m_tokens->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tokens->header()->setStretchLastSection(true);
    m_tokens->setMaximumHeight(m_tokens->fontMetrics().height() * 9);
    tokens->addWidget(m_tokens, 1);
    auto* tokenButtons = new QHBoxLayout;
    m_addToken = new QPushButton(m_tokensBox);
    m_addToken->setObjectName(QStringLiteral("proxyAddToken"));
    m_removeToken = new QPushButton(m_tokensBox);
    m_removeToken->setObjectName(QStringLiteral("proxyRemoveToken"));
    m_removeToken->setEnabled(false);
    tokenButtons->addWidget(m_addToken);
    tokenButtons->addWidget(m_removeToken);
    tokenButtons->addStretch(1);
    tokens->addLayout(tokenButtons);

    auto* top = new QHBoxLayout;
    top->addWidget(m_serverBox, 3);
    top->addWidget(m_tokensBox, 2);

    // Below: the requests, live, and the snippets.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("proxyTabs"));
    m_requests = new ProxyRequestModel(this);
    m_table = new QTableView(m_tabs);
    m_table->setObjectName(QStringLiteral("proxyRequests"));
    m_table->setModel(m_requests);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // Wide enough for what the columns usually hold; the error takes the rest.
    const QFontMetrics fm = m_table->fontMetrics();
    const auto fit = [this, &fm](int column, const QString& sample) {
        m_table->setColumnWidth(column, fm.horizontalAdvance(sample) + 16);
    };
    fit(ProxyRequestModel::TimeColumn, QStringLiteral("00:00:00"));
    fit(ProxyRequestModel::MethodColumn, QStringLiteral("DELETE"));
    fit(ProxyRequestModel::PathColumn, QStringLiteral("/v1beta/models/gemini-2.5-flash:generate"));
    fit(ProxyRequestModel::ModelColumn, QStringLiteral("gemini-2.5-flash"));
    fit(ProxyRequestModel::StatusColumn, QStringLiteral("running…"));
    fit(ProxyRequestModel::AttemptsColumn, QStringLiteral("Attempts"));
    fit(ProxyRequestModel::KeyColumn, QStringLiteral("AIza…WWWW"));
    fit(ProxyRequestModel::LatencyColumn, QStringLiteral("00,000 ms"));
    m_tabs->addTab(m_table, QString());
    connect(m_requests, &QAbstractItemModel::rowsInserted, this, &ProxyPage::updateRequestsTab);
    connect(m_requests, &QAbstractItemModel::rowsRemoved, this, &ProxyPage::updateRequestsTab);
    connect(m_requests, &QAbstractItemModel::modelReset, this, &ProxyPage::updateRequestsTab);

    auto* snippets = new QWidget(m_tabs);
    auto* snippetsLayout = new QVBoxLayout(snippets);
    m_snippetTabs = new QTabWidget(snippets);
    m_snippetTabs->setObjectName(QStringLiteral("proxySnippetTabs"));
    m_snippetTabs->setDocumentMode(true);
    for (const ProxySnippets::Kind kind : ProxySnippets::kinds()) {
        auto* tab = new QWidget(m_snippetTabs);
        auto* layout = new QVBoxLayout(tab);
        auto* note = new QLabel(tab);
        note->setWordWrap(true);
        auto* code = new QPlainTextEdit(tab);
        code->setObjectName(QStringLiteral("proxySnippet_%1").arg(ProxySnippets::id(kind)));
        code->setReadOnly(true);
        code->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        code->setLineWrapMode(QPlainTextEdit::NoWrap);
        auto* copy = new QPushButton(tab);
        copy->setObjectName(QStringLiteral("proxySnippetCopy_%1").arg(ProxySnippets::id(kind)));
        auto* row = new QHBoxLayout;
        row->addWidget(note, 1);
        row->addWidget(copy, 0, Qt::AlignTop);
        layout->addLayout(row);
        layout->addWidget(code, 1);
        m_snippetTabs->addTab(tab, QString());
        m_snippetEdits << code;
        m_snippetNotes << note;
        m_snippetCopies << copy;
        connect(copy, &QPushButton::clicked, this,
                [this, code, kind] { copyText(code->toPlainText(), ProxySnippets::title(kind)); });
    }
    snippetsLayout->addWidget(m_snippetTabs);
    m_tabs->addTab(snippets, QString());

    root->addLayout(top);
    root->addWidget(m_tabs, 1);

    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_host && m_host->isRunning())
            stopProxy();
        else
            startProxy();
    });
    connect(m_hostEdit, &QLineEdit::textChanged, this, [this] {
        updateExposedWarning();
        updateSnippets();
    });
    connect(m_hostEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_settings)
            m_settings->setProxyHost(m_hostEdit->text());
    });
    connect(m_port, &QSpinBox::valueChanged, this, [this](int port) {
        if (m_settings)
            m_settings->setProxyPort(quint16(port));
        updateState();
    });
    connect(m_startWithApp, &QCheckBox::toggled, this, [this](bool on) {
        if (m_settings)
            m_settings->setProxyStartsWithApp(on);
    });
    connect(m_copyAddress, &QPushButton::clicked, this, [this] { copyText(address(), tr("The address")); });
    connect(m_addToken, &QPushButton::clicked, this, &ProxyPage::addToken);
    connect(m_removeToken, &QPushButton::clicked, this, &ProxyPage::removeToken);
    connect(m_tokens, &QTreeWidget::itemSelectionChanged, this,
            [this] { m_removeToken->setEnabled(!m_tokens->selectedItems().isEmpty()); });
    retranslate();
}

void ProxyPage::retranslate()
{
    m_serverBox->setTitle(tr("Local proxy"));
    m_hostLabel->setText(tr("H&ost:"));
    m_hostEdit->setToolTip(tr("127.0.0.1: this computer only. Another address lets other computers reach the proxy."));
    m_portLabel->setText(tr("&Port:"));
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setToolTip(tr("0 takes any free port."));
    m_addressLabel->setText(tr("Address:"));
    m_copyAddress->setText(tr("Copy"));
    m_copyAddress->setToolTip(tr("Copy the address to give your tools as their base URL"));
    m_startWithApp->setText(tr("Start the proxy &when the app starts"));
    m_tokensBox->setTitle(tr("Access tokens"));
    m_tokens->setHeaderLabels({tr("Label"), tr("Token"), tr("Created")});
    m_tokens->setToolTip(tr("A tool sends its token where it would send a Gemini API key. Only a hint of each token "
                            "is kept here; the token is shown once, when it is made."));
    m_addToken->setText(tr("&Add…"));
    m_removeToken->setText(tr("&Remove…"));
    m_tabs->setTabText(1, tr("Connect a tool"));
    for (int i = 0; i < ProxySnippets::kinds().size(); ++i) {
        const ProxySnippets::Kind kind = ProxySnippets::kinds().at(i);
        m_snippetTabs->setTabText(i, ProxySnippets::title(kind));
        m_snippetNotes.at(i)->setText(
            ProxySnippets::note(kind) + QLatin1Char('\n') +
            tr("Put one of your access tokens in place of %1.").arg(QLatin1String(ProxySnippets::TokenPlaceholder)));
        m_snippetCopies.at(i)->setText(tr("Copy"));
    }
    updateState();
    reloadTokens();
}

void ProxyPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && m_serverBox)
        retranslate();
    QWidget::changeEvent(event);
}

QString ProxyPage::address() const
{
    if (m_host && m_host->isRunning())
        return m_host->address();
    ProxySettings shown;
    shown.host = m_hostEdit->text().trimmed();
    QString host = shown.host.isEmpty() ? QStringLiteral("127.0.0.1") : shown.host;
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return m_port->value() == 0 ? QStringLiteral("http://%1:PORT").arg(host) // notr: a placeholder in a URL
                                : QStringLiteral("http://%1:%2").arg(host).arg(m_port->value());
}

bool ProxyPage::startProxy()
{
    if (!m_host)
        return false;
    ProxySettings settings;
    settings.host = m_hostEdit->text().trimmed();
    if (settings.host.isEmpty()) {
        settings.host = QStringLiteral("127.0.0.1");
        m_hostEdit->setText(settings.host);
    }
    settings.port = quint16(m_port->value());
    if (m_settings) {
        m_settings->setProxyHost(settings.host);
        m_settings->setProxyPort(settings.port);
    }
    const bool ok = m_host->start(settings);
    m_failure = ok ? QString() : m_host->errorString();
    updateState();
    Q_EMIT statusMessage(ok ? tr("The proxy listens on %1.").arg(m_host->address())
                            : tr("The proxy could not start: %1").arg(m_failure),
                         ok ? 5000 : 15000);
    return ok;
}

void ProxyPage::stopProxy()
{
    if (!m_host || !m_host->isRunning())
        return;
    m_host->stop(); // cancels the requests in progress
    updateState();
    Q_EMIT statusMessage(tr("The proxy is stopped."));
}

void ProxyPage::updateState()
{
    if (!m_status)
        return;
    const bool running = m_host && m_host->isRunning();
    m_startStop->setText(running ? tr("S&top") : tr("&Start"));
    m_hostEdit->setEnabled(!running);
    m_port->setEnabled(!running);
    m_address->setText(address());
    m_copyAddress->setEnabled(running || m_port->value() != 0);
    if (running) {
        m_status->setStyleSheet(QStringLiteral("QLabel { color: #1b7f3b; font-weight: bold; }"));
        m_status->setText(tr("Listening on %1. Give your tools this address and an access token.").arg(address()));
    } else if (!m_failure.isEmpty()) {
        m_status->setStyleSheet(QLatin1String(ErrorStyle));
        m_status->setText(tr("The proxy could not start. %1").arg(m_failure));
    } else {
        m_status->setStyleSheet(QString());
        m_status->setText(tr("Stopped. Press Start to serve the pool to your tools."));
    }
    QStringList notes;
    if (m_host && !m_host->tokensError().isEmpty())
        notes << m_host->tokensError();
    if (running) {
        const QStringList warnings = m_host->warnings();
        for (const QString& warning : warnings)
            if (warning != ProxyHost::exposedWarning(m_host->settings().host)) // shown above already
                notes << warning;
    }
    m_notes->setText(notes.join(QLatin1Char('\n')));
    m_notes->setVisible(!notes.isEmpty());
    updateRequestsTab();
    updateExposedWarning();
    updateSnippets();
}

void ProxyPage::updateRequestsTab()
{
    m_tabs->setTabText(0, tr("Requests (%1)").arg(QLocale().toString(m_requests->rowCount())));
}

void ProxyPage::updateExposedWarning()
{
    const QString host = m_host && m_host->isRunning() ? m_host->settings().host : m_hostEdit->text().trimmed();
    const QString warning = host.isEmpty() ? QString() : ProxyHost::exposedWarning(host);
    m_exposed->setText(warning);
    m_exposed->setVisible(!warning.isEmpty());
}

void ProxyPage::updateSnippets()
{
    const QString model = m_settings ? m_settings->defaultModel() : QStringLiteral("gemini-2.5-flash");
    const QString where = address();
    for (int i = 0; i < m_snippetEdits.size(); ++i)
        m_snippetEdits.at(i)->setPlainText(ProxySnippets::code(ProxySnippets::kinds().at(i), where, model));
}

QString ProxyPage::snippetText(const QString& id) const
{
    auto* edit = findChild<QPlainTextEdit*>(QStringLiteral("proxySnippet_%1").arg(id));
    return edit ? edit->toPlainText() : QString();
}

void ProxyPage::reloadTokens()
{
    if (!m_tokens)
        return;
    const qint64 selected =
        m_tokens->currentItem() ? m_tokens->currentItem()->data(0, TokenIdRole).toLongLong() : qint64(0);
    m_tokens->clear();
    AccessTokenStore* store = m_host ? m_host->tokens() : nullptr;
    const bool open = store && store->isOpen();
    m_addToken->setEnabled(open);
    if (!open) {
        m_removeToken->setEnabled(false);
        return;
    }
    const QLocale locale;
    const QList<AccessToken> list = store->list();
    for (const AccessToken& token : list) {
        auto* item = new QTreeWidgetItem(m_tokens);
        item->setText(0, token.label.isEmpty() ? tr("(no label)") : token.label);
        item->setText(1, token.hint);
        item->setText(2, locale.toString(QDateTime::fromMSecsSinceEpoch(token.createdMs), QLocale::ShortFormat));
        item->setData(0, TokenIdRole, token.id);
        if (token.id == selected)
            m_tokens->setCurrentItem(item);
    }
    m_tokens->resizeColumnToContents(0);
    m_tokens->resizeColumnToContents(1);
    m_removeToken->setEnabled(!m_tokens->selectedItems().isEmpty());
    updateState(); // "no access tokens yet" comes and goes
}

void ProxyPage::addToken()
{
    if (!m_host || !m_host->tokens())
        return;
    NewTokenDialog dialog(m_host->tokens(), this);
    dialog.exec();
    if (dialog.createdId() != 0)
        Q_EMIT statusMessage(tr("Access token %1 made; only its hint is kept.").arg(dialog.hint()));
}

void ProxyPage::removeToken()
{
    QTreeWidgetItem* item = m_tokens->currentItem();
    if (!item || !m_host || !m_host->tokens())
        return;
    const qint64 id = item->data(0, TokenIdRole).toLongLong();
    const QString name = item->text(0) + QStringLiteral(" (") + item->text(1) + QLatin1Char(')');
    const auto answer = MessageBox::question(
        this, tr("Remove access token"),
        tr("Remove the access token %1? Tools that use it are refused from now on (within a second).").arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    if (m_host->tokens()->remove(id))
        Q_EMIT statusMessage(tr("Access token %1 removed.").arg(name));
    else
        MessageBox::warning(this, tr("Remove access token"),
                            m_host->tokens()->lastError().isEmpty()
                                ? tr("That token was removed already (by egb tokens remove, perhaps).")
                                : m_host->tokens()->lastError());
    reloadTokens();
}

void ProxyPage::copyText(const QString& text, const QString& what)
{
    QGuiApplication::clipboard()->setText(text);
    Q_EMIT statusMessage(tr("%1 is on the clipboard.").arg(what));
}

} // namespace egb
