#pragma once

#include <QCoreApplication>
#include <QCoro/QCoroTask>

namespace egb {

class CliApp;

/// `egb chat [--model M] [--system TEXT] [--stream] PROMPT`: one prompt through the Dispatcher, the answer on stdout.
class ChatCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static QCoro::Task<int> run(CliApp& app);
};

} // namespace egb
