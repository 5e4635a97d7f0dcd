#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace egb {

class AppSettings;
class ProxyHost;
class ProxyRequestModel;

/// The local proxy in the app: Start/Stop on the host and port set here (127.0.0.1 unless the person sets another
/// address, with a warning on the page then; port 0 = any free port), the address to copy, a status line that says
/// where it listens or why it could not start, the access tokens (Add… shows a new one once; Remove… asks first),
/// the requests going through it live (the last 1,000) and copy-paste snippets for the SDKs, curl and OpenAI
/// clients filled in with the address. Host, port and "Start the proxy when the app starts" are kept in the settings.
///
/// The proxy itself is a ProxyHost, the same as `egb serve`'s; the page only drives and shows it.
class ProxyPage : public QWidget
{
    Q_OBJECT
public:
    ProxyPage(ProxyHost* host, AppSettings* settings, QWidget* parent = nullptr);
    ~ProxyPage() override;

    ProxyHost* host() const;
    ProxyRequestModel* requestModel() const { return m_requests; }
    /// Starts the proxy on the host and port shown. False when it could not: the status line says why.
    bool startProxy();
    void stopProxy();
    /// The address callers use (the real port once it runs; the port set here otherwise).
    QString address() const;
    /// The code of one snippet as shown (for the screenshot and tests).
    QString snippetText(const QString& id) const;

Q_SIGNALS:
    void statusMessage(const QString& message, int timeoutMs = 5000);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void retranslate();
    void updateState();
    void updateExposedWarning();
    void updateRequestsTab();
    void updateSnippets();
    void reloadTokens();
    void addToken();
    void removeToken();
    void copyText(const QString& text, const QString& what);

    QPointer<ProxyHost> m_host;
    AppSettings* m_settings = nullptr;
    ProxyRequestModel* m_requests = nullptr;
    QString m_failure; ///< why the last start failed; cleared by a start that works

    QGroupBox* m_serverBox = nullptr;
    QLabel* m_hostLabel = nullptr;
    QLineEdit* m_hostEdit = nullptr;
    QLabel* m_portLabel = nullptr;
    QSpinBox* m_port = nullptr;
    QPushButton* m_startStop = nullptr;
    QLabel* m_exposed = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_addressLabel = nullptr;
    QLineEdit* m_address = nullptr;
    QPushButton* m_copyAddress = nullptr;
    QCheckBox* m_startWithApp = nullptr;
    QLabel* m_notes = nullptr;
    QGroupBox* m_tokensBox = nullptr;
    QTreeWidget* m_tokens = nullptr;
    QPushButton* m_addToken = nullptr;
    QPushButton* m_removeToken = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_table = nullptr;
    QTabWidget* m_snippetTabs = nullptr;
    QList<QPlainTextEdit*> m_snippetEdits;
    QList<QLabel*> m_snippetNotes;
    QList<QPushButton*> m_snippetCopies;
};

} // namespace egb
