#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace egb {

class AccessTokenStore;

/// Proxy page → Add…: asks for a label, makes the access token, then shows it this once with a Copy button. The
/// token lives only in this dialog's field (cleared when it closes); the list shows its hint from then on.
class NewTokenDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewTokenDialog(AccessTokenStore* tokens, QWidget* parent = nullptr);
    ~NewTokenDialog() override;

    /// The id of the token made, 0 while none was.
    qint64 createdId() const { return m_createdId; }
    /// The token's hint ("egb-…Xy12"), empty while none was made.
    QString hint() const { return m_hint; }

protected:
    void done(int result) override;

private:
    void create();

    AccessTokenStore* m_tokens = nullptr;
    QStackedWidget* m_stages = nullptr;
    QLineEdit* m_label = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_create = nullptr;
    QPushButton* m_cancel = nullptr;
    QLineEdit* m_token = nullptr;
    QPushButton* m_copy = nullptr;
    QPushButton* m_close = nullptr;
    qint64 m_createdId = 0;
    QString m_hint;
};

} // namespace egb
