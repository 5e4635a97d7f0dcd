#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace egb {

/// One import as the history keeps it: when, from where, what it did.
struct ImportRecord
{
    qint64 id = 0;
    qint64 atMs = 0; ///< when it ended (ms since the epoch, UTC)
    QString source;  ///< the file's path as given, or the name of what was pasted or dropped ("Clipboard")
    QString format;  ///< ImportResult::formatCode(): "text", "csv", "env", "json"; empty when unknown
    QString origin;  ///< "egb" or "app": which face ran it
    int added = 0;
    int duplicates = 0;
    int rejected = 0;
    bool cancelled = false; ///< stopped by the person before every key was added
    bool operator==(const ImportRecord&) const = default;
};

/// Every import (egb import and the app's File → Import, paste and drop), kept in the key database so that
/// `egb history` shows the app's imports too. Table `import_history`, versioned under the component "imports"
/// in `egb_schema` (see ComponentSchema). Every call commits before it returns.
class ImportHistoryStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 1;

    explicit ImportHistoryStore(QObject* parent = nullptr);
    ~ImportHistoryStore() override;

    /// Uses the open QSqlDatabase connection `connectionName` (the KeyStore's) and creates the table.
    bool open(const QString& connectionName);
    bool isOpen() const;
    /// Translated: what failed and what to do.
    QString lastError() const;

    /// Saves one import; atMs 0 means now. Returns its id, 0 on failure (see lastError()).
    qint64 record(const ImportRecord& record);
    /// The newest `limit` imports (all when limit < 0), newest first.
    QList<ImportRecord> records(int limit = -1) const;
    /// Replaces the whole history with `records`, written as they are (ids kept: copying a pool), in one
    /// transaction: on failure the history is as it was.
    bool replaceAll(const QList<ImportRecord>& records);

Q_SIGNALS:
    void historyChanged();

private:
    bool fail(const QString& what, const QString& sqlError) const;

    QString m_connection;
    mutable QString m_lastError;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::ImportRecord)
