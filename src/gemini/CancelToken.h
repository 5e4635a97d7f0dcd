#pragma once

#include <QObject>

namespace egb {

/// A caller's "stop": pass it to GeminiClient / Dispatcher / BatchRunner calls; cancel() aborts the in-flight
/// reply at once and ends any wait. The token must outlive nothing: calls hold it through a QPointer.
/// A cancelled token stays cancelled; use a new one for the next request.
class CancelToken : public QObject
{
    Q_OBJECT
public:
    explicit CancelToken(QObject* parent = nullptr)
        : QObject(parent)
    {}
    bool isCancelled() const { return m_cancelled; }

public Q_SLOTS:
    void cancel()
    {
        if (m_cancelled)
            return;
        m_cancelled = true;
        Q_EMIT cancelled();
    }

Q_SIGNALS:
    void cancelled();

private:
    bool m_cancelled = false;
};

} // namespace egb
