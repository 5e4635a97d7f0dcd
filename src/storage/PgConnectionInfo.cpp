#include "PgConnectionInfo.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QStringList>
#include <QUrl>

namespace egb {

namespace {

/// libpq 15's connection keywords that a URI may carry as parameters (host, port, user, password and dbname have
/// their own places in the URI, but libpq accepts them as parameters too).
const QStringList& knownKeywords()
{
    static const QStringList keywords{
        QStringLiteral("host"),
        QStringLiteral("hostaddr"),
        QStringLiteral("port"),
        QStringLiteral("dbname"),
        QStringLiteral("user"),
        QStringLiteral("passfile"),
        QStringLiteral("channel_binding"),
        QStringLiteral("connect_timeout"),
        QStringLiteral("client_encoding"),
        QStringLiteral("options"),
        QStringLiteral("application_name"),
        QStringLiteral("fallback_application_name"),
        QStringLiteral("keepalives"),
        QStringLiteral("keepalives_idle"),
        QStringLiteral("keepalives_interval"),
        QStringLiteral("keepalives_count"),
        QStringLiteral("tcp_user_timeout"),
        QStringLiteral("gssencmode"),
        QStringLiteral("sslmode"),
        QStringLiteral("sslcompression"),
        QStringLiteral("sslcert"),
        QStringLiteral("sslkey"),
        QStringLiteral("sslpassword"),
        QStringLiteral("sslrootcert"),
        QStringLiteral("sslcrl"),
        QStringLiteral("sslcrldir"),
        QStringLiteral("sslsni"),
        QStringLiteral("requirepeer"),
        QStringLiteral("ssl_min_protocol_version"),
        QStringLiteral("ssl_max_protocol_version"),
        QStringLiteral("krbsrvname"),
        QStringLiteral("gsslib"),
        QStringLiteral("service"),
        QStringLiteral("target_session_attrs"),
    };
    return keywords;
}

/// The defaults added unless the URI sets them: a lost server is noticed within about 10 s even when nothing is
/// sent (keep-alives), a write to it fails after 10 s instead of hanging (tcp_user_timeout), and an unreachable
/// one is given up after 5 s.
const QList<QPair<QString, QString>>& keepAliveDefaults()
{
    static const QList<QPair<QString, QString>> defaults{
        {QStringLiteral("connect_timeout"), QStringLiteral("5")},
        {QStringLiteral("keepalives"), QStringLiteral("1")},
        {QStringLiteral("keepalives_idle"), QStringLiteral("5")},
        {QStringLiteral("keepalives_interval"), QStringLiteral("2")},
        {QStringLiteral("keepalives_count"), QStringLiteral("3")},
        {QStringLiteral("tcp_user_timeout"), QStringLiteral("10000")},
    };
    return defaults;
}

QString decode(QStringView text)
{
    return QUrl::fromPercentEncoding(text.toUtf8());
}

QString encode(const QString& text, const QByteArray& keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, keep));
}

/// One conninfo value, quoted the way libpq reads `keyword='value'`.
QString quoted(const QString& value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    v.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

} // namespace

bool PgConnectionInfo::isUri(const QString& location)
{
    const QString t = location.trimmed();
    return t.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           t.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

PgConnectionInfo PgConnectionInfo::parse(const QString& uri, QString* error)
{
    PgConnectionInfo info;
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return PgConnectionInfo();
    };
    const QString text = uri.trimmed();
    if (!isUri(text))
        return fail(tr("A team database is written as postgresql://user@host:port/database (for example "
                       "postgresql://egb@db.example.com/pool?sslmode=require)."));
    QStringView rest = QStringView(text).mid(text.indexOf(QLatin1String("://")) + 3);

    QStringView query;
    if (const qsizetype q = rest.indexOf(QLatin1Char('?')); q >= 0) {
        query = rest.mid(q + 1);
        rest = rest.left(q);
    }
    QStringView path;
    if (const qsizetype slash = rest.indexOf(QLatin1Char('/')); slash >= 0) {
        path = rest.mid(slash + 1);
        rest = rest.left(slash);
    }
    QStringView hostSpec = rest;
    if (const qsizetype at = rest.lastIndexOf(QLatin1Char('@')); at >= 0) {
        const QStringView userInfo = rest.left(at);
        hostSpec = rest.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        info.m_user = decode(colon >= 0 ? userInfo.left(colon) : userInfo);
        if (colon >= 0)
            info.m_password = decode(userInfo.mid(colon + 1));
    }
    if (hostSpec.contains(QLatin1Char(',')))
        return fail(tr("The team database address names several servers (%1); give one.").arg(hostSpec));
    QStringView portText;
    if (hostSpec.startsWith(QLatin1Char('['))) {
        const qsizetype close = hostSpec.indexOf(QLatin1Char(']'));
        if (close < 0)
            return fail(tr("The server address %1 opens a bracket it does not close.").arg(hostSpec));
        info.m_host = hostSpec.mid(1, close - 1).toString();
        const QStringView after = hostSpec.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':')))
                return fail(tr("The server address %1 is not of the form [address]:port.").arg(hostSpec));
            portText = after.mid(1);
        }
    } else {
        const qsizetype colon = hostSpec.lastIndexOf(QLatin1Char(':'));
        info.m_host = decode(colon >= 0 ? hostSpec.left(colon) : hostSpec);
        if (colon >= 0)
            portText = hostSpec.mid(colon + 1);
    }
    if (!portText.isEmpty()) {
        bool ok = false;
        const int port = portText.toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return fail(tr("The port %1 is not a number from 1 to 65535.").arg(portText));
        info.m_port = port;
    }
    info.m_database = decode(path);

    if (!query.isEmpty()) {
        for (QStringView pair : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            if (eq < 0)
                return fail(tr("The parameter \"%1\" of the team database address has no value (write "
                               "name=value).")
                                .arg(pair));
            QString keyword = decode(pair.left(eq));
            QString value = decode(pair.mid(eq + 1));
            if (keyword == u"ssl" && value == u"true") { // libpq's JDBC-compatible spelling
                keyword = QStringLiteral("sslmode");
                value = QStringLiteral("require");
            }
            if (keyword == u"password") { // kept in memory, never in toString()
                info.m_password = value;
                continue;
            }
            if (!knownKeywords().contains(keyword))
                return fail(tr("\"%1\" is not a PostgreSQL connection parameter. Parameters such as sslmode, "
                               "sslrootcert, connect_timeout or application_name are.")
                                .arg(keyword));
            if (value.contains(QLatin1Char(';')))
                return fail(tr("The value of %1 may not contain a semicolon.").arg(keyword));
            if (keyword == u"sslmode" &&
                !QStringList{QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                             QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")}
                     .contains(value))
                return fail(tr("sslmode=%1 is not known: use disable, allow, prefer, require, verify-ca or "
                               "verify-full.")
                                .arg(value));
            if (keyword == u"host")
                info.m_host = value;
            else if (keyword == u"user")
                info.m_user = value;
            else if (keyword == u"dbname")
                info.m_database = value;
            else if (keyword == u"port") {
                bool ok = false;
                const int port = value.toInt(&ok);
                if (!ok || port < 1 || port > 65535)
                    return fail(tr("The port %1 is not a number from 1 to 65535.").arg(value));
                info.m_port = port;
            } else
                info.m_parameters.append({keyword, value});
        }
    }
    if (info.m_database.contains(QLatin1Char('/')))
        return fail(tr("The database name %1 may not contain a slash.").arg(info.m_database));
    info.m_valid = true;
    if (error)
        error->clear();
    return info;
}

QString PgConnectionInfo::parameter(const QString& keyword) const
{
    for (const auto& p : m_parameters) {
        if (p.first == keyword)
            return p.second;
    }
    return {};
}

QString PgConnectionInfo::withoutPassword(const QString& location)
{
    if (!isUri(location))
        return location;
    const PgConnectionInfo info = parse(location);
    if (info.isValid())
        return info.toString();
    QString shown = location;
    shown.replace(QRegularExpression(QStringLiteral("(://[^:/@]*):[^@/]*@")), QStringLiteral("\\1:***@"));
    return shown;
}

QString PgConnectionInfo::toString() const
{
    if (!m_valid)
        return {};
    QString s = QStringLiteral("postgresql://");
    if (!m_user.isEmpty())
        s += encode(m_user) + QLatin1Char('@');
    const bool socket = m_host.startsWith(QLatin1Char('/'));
    if (!socket) {
        s += m_host.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_host + QLatin1Char(']') : encode(m_host, "-.");
        if (m_port > 0)
            s += QLatin1Char(':') + QString::number(m_port);
    }
    s += QLatin1Char('/') + encode(m_database);
    QStringList query;
    if (socket) {
        query << QStringLiteral("host=") + encode(m_host, "/");
        if (m_port > 0)
            query << QStringLiteral("port=%1").arg(m_port);
    }
    for (const auto& p : m_parameters)
        query << encode(p.first) + QLatin1Char('=') + encode(p.second, "/");
    if (!query.isEmpty())
        s += QLatin1Char('?') + query.join(QLatin1Char('&'));
    return s;
}

QString PgConnectionInfo::displayName() const
{
    QString s;
    if (!m_user.isEmpty())
        s += m_user + QLatin1Char('@');
    s += m_host.isEmpty() ? QStringLiteral("localhost") : m_host;
    if (m_port > 0)
        s += QLatin1Char(':') + QString::number(m_port);
    s += QLatin1Char('/') + m_database;
    return s;
}

QString PgConnectionInfo::connectOptions() const
{
    QStringList options;
    for (const auto& p : m_parameters)
        options << p.first + QLatin1Char('=') + quoted(p.second);
    for (const auto& d : keepAliveDefaults()) {
        if (parameter(d.first).isEmpty())
            options << d.first + QLatin1Char('=') + d.second;
    }
    if (parameter(QStringLiteral("application_name")).isEmpty() && !QCoreApplication::applicationName().isEmpty())
        options << QStringLiteral("application_name=") + quoted(QCoreApplication::applicationName());
    return options.join(QLatin1Char(';'));
}

void PgConnectionInfo::applyTo(QSqlDatabase& db) const
{
    db.setHostName(m_host);
    db.setPort(m_port);
    db.setUserName(m_user);
    db.setPassword(m_password);
    db.setDatabaseName(m_database);
    db.setConnectOptions(connectOptions());
}

} // namespace egb
