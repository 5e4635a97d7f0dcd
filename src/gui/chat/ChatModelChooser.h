#pragma once

#include <QCoro/QCoroTask>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QUrl>
#include <QWidget>

class QComboBox;
class QToolButton;

namespace egb {

class Dispatcher;

/// The Chat page's model choice: an editable list of the models the pool's keys can generate with, and a button
/// that asks Google for it again (models.list through a healthy key). The list is kept between runs
/// (ModelCatalog), so showing the page spends no request while the kept list is younger than a day; a failed
/// listing keeps the last good list (or the usual models) and is retried at most once an hour. A model Google
/// answered 404 for leaves the choices until a listing has it again.
///
/// Widgets carry objectNames for tests: modelCombo, refreshModelsButton.
class ChatModelChooser : public QWidget
{
    Q_OBJECT
public:
    explicit ChatModelChooser(Dispatcher* dispatcher, QWidget* parent = nullptr);
    ~ChatModelChooser() override;

    /// The models offered when models.list cannot be reached.
    static QStringList fallbackModels();

    QStringList availableModels() const;
    /// The model chosen or typed, trimmed.
    QString currentModel() const;
    /// Chooses `model`, adding it to the list unless Google said it does not know it.
    void setCurrentModel(const QString& model);
    /// Takes a model Google answered 404 for out of the choices (it stays in the edit field, to be corrected).
    void forget(const QString& model);
    /// Asks for models.list unless the kept list is fresh (or a failed listing was less than an hour ago).
    void refreshIfStale();

public Q_SLOTS:
    /// Asks a healthy key for models.list and fills the choice (the last list, or the fallback one, stays on
    /// failure).
    void refresh();

Q_SIGNALS:
    void modelsRefreshed(const QStringList& models);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void retranslateTip();
    QUrl baseUrl() const;
    void onListed(const QStringList& models);
    /// Fills the choice with `models` (listed at `listedAtMs` from `from`), keeping the current choice.
    void apply(const QStringList& models, qint64 listedAtMs, const QUrl& from);
    static QCoro::Task<> list(QPointer<ChatModelChooser> chooser, QPointer<Dispatcher> dispatcher);

    QPointer<Dispatcher> m_dispatcher;
    QComboBox* m_model = nullptr;
    QToolButton* m_refresh = nullptr;
    bool m_listing = false;
    bool m_failed = false;
    QSet<QString> m_unknown;    ///< models Google answered 404 for: not offered again until a listing has them
    qint64 m_lastListingMs = 0; ///< when this chooser last asked for models.list (0: never)
    qint64 m_listedAtMs = 0;    ///< when the models offered were listed (0: the fallback list)
    QUrl m_listedFrom;          ///< the API base URL they were listed from
    static constexpr qint64 ListingRetryMs = 3600 * 1000;
};

} // namespace egb
