#pragma once

#include <QCoreApplication>
#include <QCoro/QCoroTask>

namespace egb {

class CliApp;

/// `egb check [ID...]`: tests keys with a cheap models.list request through the KeyChecker (the Keys page's) and feeds
/// each outcome to the pool (KeyPool::report, so the HealthPolicy disables rejected keys and cools rate-limited ones).
class CheckCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static constexpr int Concurrency = 4; ///< keys checked at once (one client: at most 6 connections)
    static QCoro::Task<int> run(CliApp& app);
};

} // namespace egb
