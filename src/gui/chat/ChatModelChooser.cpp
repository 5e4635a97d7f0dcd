#include "ChatModelChooser.h"

#include "Dispatcher.h"
#include "GeminiClient.h"
#include "KeyLease.h"
#include "ModelCatalog.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLocale>
#include <QToolButton>

namespace egb {

ChatModelChooser::ChatModelChooser(Dispatcher* dispatcher, QWidget* parent)
    : QWidget(parent)
    , m_dispatcher(dispatcher)
{
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("modelCombo"));
    m_model->setEditable(true);
    m_model->setMinimumContentsLength(12);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->addItems(fallbackModels());
    m_refresh = new QToolButton(this);
    m_refresh->setObjectName(QStringLiteral("refreshModelsButton"));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_model, 1);
    row->addWidget(m_refresh);
    setFocusProxy(m_model);
    connect(m_refresh, &QToolButton::clicked, this, &ChatModelChooser::refresh);
    // The models listed last time (any run): shown at once, and asked for again only when they are stale.
    const QUrl from = baseUrl();
    if (!from.isEmpty()) {
        const ModelCatalog catalog(from);
        if (!catalog.models().isEmpty())
            apply(catalog.models(), catalog.fetchedAtMs(), from);
    }
    retranslate();
}

ChatModelChooser::~ChatModelChooser() = default;

QStringList ChatModelChooser::fallbackModels()
{
    return {QStringLiteral("gemini-2.5-flash"), QStringLiteral("gemini-2.5-pro"),
            QStringLiteral("gemini-2.5-flash-lite"), QStringLiteral("gemini-2.0-flash")};
}

QStringList ChatModelChooser::availableModels() const
{
    QStringList out;
    for (int i = 0; i < m_model->count(); ++i)
        out << m_model->itemText(i);
    return out;
}

QString ChatModelChooser::currentModel() const
{
    return m_model->currentText().trimmed();
}

void ChatModelChooser::setCurrentModel(const QString& model)
{
    if (m_model->findText(model) < 0 && !m_unknown.contains(model))
        m_model->addItem(model);
    m_model->setCurrentText(model);
}

void ChatModelChooser::forget(const QString& model)
{
    m_unknown.insert(model);
    const int index = m_model->findText(model);
    if (index >= 0)
        m_model->removeItem(index);
    m_model->setCurrentText(model);
}

void ChatModelChooser::refreshIfStale()
{
    const QUrl from = baseUrl();
    if (from.isEmpty())
        return;
    // A list younger than a day (this run's or the last run's) is used as it is. The kept settings are read only
    // when the list in hand is stale or from another base URL: another run may have listed meanwhile.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_listedFrom == from && ModelCatalog::isFresh(m_listedAtMs, now))
        return;
    if (ModelCatalog(from).isFresh(now))
        return;
    if (m_lastListingMs == 0 || now - m_lastListingMs >= ListingRetryMs || now < m_lastListingMs)
        refresh();
}

void ChatModelChooser::refresh()
{
    if (m_listing || baseUrl().isEmpty())
        return;
    m_listing = true;
    m_lastListingMs = QDateTime::currentMSecsSinceEpoch();
    m_refresh->setEnabled(false);
    list(QPointer<ChatModelChooser>(this), m_dispatcher);
}

QCoro::Task<> ChatModelChooser::list(QPointer<ChatModelChooser> chooser, QPointer<Dispatcher> dispatcher)
{
    GeminiClient* client = dispatcher ? dispatcher->client() : nullptr;
    if (!client)
        co_return;
    // A raw pointer and named locals: g++ 12 may destroy non-trivial temporaries of a co_await expression twice
    // (a QPointer captured in a temporary lambda corrupted the client's weak reference count).
    auto op = [client](const KeyLease& lease) { return client->listModels(lease.secret()); };
    auto task = dispatcher->execute(op);
    const auto result = co_await std::move(task);
    const QStringList ids = result.ok() ? ModelCatalog::generativeModels(result.value.models) : QStringList();
    if (chooser)
        chooser->onListed(ids);
}

void ChatModelChooser::onListed(const QStringList& models)
{
    m_listing = false;
    m_refresh->setEnabled(true);
    m_failed = models.isEmpty();
    if (models.isEmpty()) {
        retranslateTip();
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QUrl from = baseUrl();
    if (!from.isEmpty())
        ModelCatalog(from).store(models, now);
    apply(models, now, from);
}

void ChatModelChooser::apply(const QStringList& models, qint64 listedAtMs, const QUrl& from)
{
    m_listedAtMs = listedAtMs;
    m_listedFrom = from;
    retranslateTip();
    const QString current = m_model->currentText();
    m_model->clear();
    m_model->addItems(models);
    for (const QString& listed : models)
        m_unknown.remove(listed);
    if (m_model->findText(current) < 0 && !m_unknown.contains(current))
        m_model->addItem(current);
    m_model->setCurrentText(current);
    Q_EMIT modelsRefreshed(models);
}

QUrl ChatModelChooser::baseUrl() const
{
    return m_dispatcher && m_dispatcher->client() ? m_dispatcher->client()->settings().baseUrl : QUrl();
}

void ChatModelChooser::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChatModelChooser::retranslate()
{
    m_model->setToolTip(tr("The model that answers. The list comes from Google through one of your keys."));
    m_refresh->setText(QStringLiteral("\u21bb")); // notr: a symbol (clockwise arrow)
    retranslateTip();
}

void ChatModelChooser::retranslateTip()
{
    const QString listedOn =
        m_listedAtMs > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_listedAtMs), QLocale::ShortFormat)
                         : QString();
    if (m_failed)
        m_refresh->setToolTip(
            m_listedAtMs > 0
                ? tr("Could not list the models (no key answered); those listed on %1 are offered.").arg(listedOn)
                : tr("Could not list the models (no key answered); the usual models are offered."));
    else if (m_listedAtMs > 0)
        m_refresh->setToolTip(
            tr("Ask Google again for the models your keys can use (last listed on %1; the list is kept for a day)")
                .arg(listedOn));
    else
        m_refresh->setToolTip(tr("Ask Google for the models your keys can use"));
}

} // namespace egb
