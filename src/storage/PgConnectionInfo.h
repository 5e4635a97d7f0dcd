#pragma once

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

class QSqlDatabase;

namespace egb {

/// Where a team pool lives: a libpq connection URI, `postgresql://user@host:port/dbname?sslmode=require`, parsed
/// into what QtSql's QPSQL driver opens.
///
/// QPSQLDriver::open() builds its conninfo from host, port, user, password and database name, then appends the
/// connect options (';' turned into ' '): so every query parameter of the URI (sslmode, sslrootcert,
/// connect_timeout, application_name, …) becomes a quoted `keyword='value'` option, and libpq applies it. A
/// password written in the URI is taken out (password()) and never appears in toString(), which is what the
/// settings file keeps; without one, libpq reads PGPASSWORD or the password file (~/.pgpass, PGPASSFILE).
///
/// Keep-alive defaults are added unless the URI sets them: TCP keep-alives (probe after 5 s idle, every 2 s, give up
/// after 3), a 10 s tcp_user_timeout so a write to a vanished server fails instead of hanging, and a 5 s
/// connect_timeout.
class PgConnectionInfo
{
    Q_DECLARE_TR_FUNCTIONS(egb::PgConnectionInfo)
public:
    /// True when `location` is written as a PostgreSQL URI (postgresql:// or postgres://), not a file path.
    static bool isUri(const QString& location);
    /// Parses a URI; on a mistake returns an invalid object and `error` says what to change (translated).
    static PgConnectionInfo parse(const QString& uri, QString* error = nullptr);
    /// A database location as it may be shown (messages, logs, titles): a file path unchanged, a URI without its
    /// password, even when the URI is malformed.
    static QString withoutPassword(const QString& location);

    bool isValid() const { return m_valid; }
    QString host() const { return m_host; } ///< a name, an address, or a socket folder (starts with '/')
    int port() const { return m_port; }     ///< -1: libpq's default (5432 or PGPORT)
    QString user() const { return m_user; }
    QString database() const { return m_database; }
    QString password() const { return m_password; } ///< only when the URI held one; kept in memory only
    void setPassword(const QString& password) { m_password = password; }
    /// The URI's query parameters, in order (keyword, value).
    QList<QPair<QString, QString>> parameters() const { return m_parameters; }
    QString parameter(const QString& keyword) const;
    QString sslMode() const { return parameter(QStringLiteral("sslmode")); } ///< "" = libpq's default (prefer)

    /// The URI without the password: safe for the settings file, messages and logs.
    QString toString() const;
    /// Short, for titles and messages: "egb@db.example.com:5432/pool".
    QString displayName() const;
    /// For QSqlDatabase::setConnectOptions(): the parameters plus the keep-alive defaults.
    QString connectOptions() const;
    /// Host, port, user, password, database and options onto a QPSQL connection (not opened).
    void applyTo(QSqlDatabase& db) const;

private:
    bool m_valid = false;
    QString m_host;
    int m_port = -1;
    QString m_user;
    QString m_database;
    QString m_password;
    QList<QPair<QString, QString>> m_parameters;
};

} // namespace egb
