#pragma once

#include "ApiKey.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <vector>

namespace egb {

/// One picture of the pool for `egb monitor`: the counts, the keys cooling down and why, and the keys whose last
/// attempt failed, newest first. Keys are masked. Pure: built from the keys and a time, rendered as text or JSON.
class MonitorFrame
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    struct Cooling
    {
        qint64 id = 0;
        QString key; ///< masked
        qint64 untilMs = 0;
        int httpStatus = 0;
        QString reason; ///< the last error (secrets masked)
    };
    struct Failure
    {
        qint64 id = 0;
        QString key; ///< masked
        qint64 atMs = 0;
        int httpStatus = 0;
        int inARow = 0;
        QString error; ///< secrets masked
        bool disabled = false;
    };

    MonitorFrame(const std::vector<ApiKey>& keys, qint64 nowMs);

    int total = 0;
    int available = 0;
    int coolingDown = 0;
    int disabled = 0;
    qint64 nowMs = 0;
    QList<Cooling> cooling;  ///< every cooling key, soonest back first
    QList<Failure> failures; ///< keys whose last attempt failed, newest first (at most MaxFailures)

    static constexpr int MaxFailures = 100;

    /// The frame as lines of at most `columns` cells (0: no limit) and about `rows` lines (0: the lists are cut at
    /// 10 rows each). `title` heads it (the database, the time, how to leave).
    QString text(const QString& title, int rows = 0, int columns = 0) const;
    /// {"time","total","available","cooling_down","disabled","cooling":[...],"failures":[...]}
    QJsonObject toJson() const;
};

} // namespace egb
