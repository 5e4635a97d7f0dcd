#pragma once

#include "ApiKey.h"

#include <QDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class AddKeyDialog;
}

namespace egb {

class KeyPool;

/// Keys → Add key…: one key typed or pasted by hand, with an optional label, group and RPM limit.
/// OK is enabled only for a key of the right shape that the pool does not hold yet; the dialog says why not.
class AddKeyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AddKeyDialog(KeyPool* pool, QWidget* parent = nullptr);
    ~AddKeyDialog() override;

    /// The key as entered (trimmed), with label, group and RPM limit; id 0.
    ApiKey key() const;
    /// Why the current text cannot be added; empty when it can.
    QString problem() const;

    /// Adds key() to the pool; returns its new id (0 when it could not be added).
    qint64 addToPool();

protected:
    void changeEvent(QEvent* event) override;

private:
    void validate();

    std::unique_ptr<Ui::AddKeyDialog> m_ui;
    QPointer<KeyPool> m_pool;
};

} // namespace egb
