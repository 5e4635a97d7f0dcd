#pragma once

#include <QCoreApplication>
#include <QCoro/QCoroTask>

namespace egb {

class CliApp;

/// egb serve [--host H] [--port N] [--verbose]: the local proxy, headless, until Ctrl-C (ProxyServer).
class ServeCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static QCoro::Task<int> run(CliApp& app);
};

} // namespace egb
