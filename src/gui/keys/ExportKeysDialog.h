#pragma once

#include "KeyExporter.h"

#include <QDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class ExportKeysDialog;
}

namespace egb {

class KeyPool;

/// File → Export keys…: where, which format, the selected keys or all, and, only when ticked, full keys.
class ExportKeysDialog : public QDialog
{
    Q_OBJECT
public:
    ExportKeysDialog(KeyPool* pool, const QList<qint64>& selectedIds, QWidget* parent = nullptr);
    ~ExportKeysDialog() override;

    /// gemini-keys.txt in the Documents folder, or in the home folder when there is no Documents folder.
    static QString defaultPath();
    void setPath(const QString& path);
    QString path() const;
    KeyExporter::Format format() const;
    bool fullKeys() const;
    /// The ids the export will write (the selection or the whole pool).
    QList<qint64> ids() const;

    /// Writes the file; on failure shows why and keeps the dialog open. Called by Save.
    void accept() override;
    QString lastError() const { return m_error; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void browse();
    void update();

    std::unique_ptr<Ui::ExportKeysDialog> m_ui;
    QPointer<KeyPool> m_pool;
    QList<qint64> m_selected;
    QString m_error;
};

} // namespace egb
