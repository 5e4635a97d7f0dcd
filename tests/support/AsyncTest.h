#pragma once

#include <QCoro/QCoroTask>
#include <QEventLoop>
#include <QTimer>

#include <memory>
#include <optional>

namespace egb::test {

/// Runs the event loop until `task` finishes or `timeoutMs` passes (the fail-safe of every coroutine test).
/// Returns the task's value, or nullopt on timeout (the test then fails; the task is left to finish on its own).
template <typename T>
std::optional<T> awaitFor(QCoro::Task<T>&& task, int timeoutMs = 20'000)
{
    struct State
    {
        std::optional<T> value;
        bool done = false;
        QEventLoop loop;
    };
    auto state = std::make_shared<State>();
    auto runner = [](QCoro::Task<T> t, std::shared_ptr<State> s) -> QCoro::Task<> {
        s->value = co_await std::move(t);
        s->done = true;
        s->loop.quit();
    };
    auto running = runner(std::move(task), state);
    if (!state->done) {
        QTimer::singleShot(timeoutMs, &state->loop, &QEventLoop::quit);
        state->loop.exec();
    }
    return state->value;
}

} // namespace egb::test
