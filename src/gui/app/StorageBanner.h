#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace egb {

/// A warning bar across the top of the main window while changes are not being saved (the key database could not
/// be opened, or writing to it fails: disk full, read-only folder, file locked). It says what happened and what to
/// do, and offers Retry (try to write again) and Settings (choose another database file). It stays until the
/// problem is cleared.
class StorageBanner : public QFrame
{
    Q_OBJECT
public:
    explicit StorageBanner(QWidget* parent = nullptr);

    /// Shows the banner with `message` (translated, from the store). Replaces an earlier message.
    void showProblem(const QString& message);
    /// Hides the banner: changes are saved again.
    void clearProblem();
    bool hasProblem() const { return !m_message.isEmpty(); }
    QString message() const { return m_message; }

Q_SIGNALS:
    void retryRequested();
    void settingsRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QLabel* m_icon = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_text = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_settings = nullptr;
    QString m_message;
};

} // namespace egb
