#pragma once

#include "AttachmentUploader.h"
#include "AttemptRecord.h"
#include "ConversationStore.h"
#include "Dispatcher.h"
#include "GenerateResponse.h"

#include <QElapsedTimer>
#include <QPair>
#include <QPointer>
#include <QStringList>
#include <QWidget>

class QAction;
class QDoubleSpinBox;
class QDragEnterEvent;
class QDropEvent;
class QImage;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace egb {

class AppSettings;
class AttachmentTray;
class CancelToken;
class ChatInput;
class ChatModelChooser;
class ChatView;

/// The Chat page: multi-turn conversations through the key pool (Dispatcher::stream), so a bad key never shows up
/// as a failed answer. Streams the answer as it arrives; Stop aborts the request at once; Enter sends,
/// Shift+Enter is a new line; the input comes back if sending fails. Under each answer: the key that served it
/// (masked), attempts and why earlier ones failed, latency, tokens. Conversations are saved in the ConversationStore
/// and can be reopened, renamed, deleted and exported as Markdown or JSON.
///
/// `store` may be null (nothing is saved); `settings` may be null (defaults). Widgets carry objectNames for tests:
/// chatInput, sendButton, stopButton, chatView, modelCombo, temperatureSpin, maxTokensSpin, thinkingSpin,
/// systemEdit, conversationList, newChatButton, renameButton, deleteButton, exportButton, chatStatus, attachButton
/// (and the AttachmentTray's attachmentList).
///
/// Attachments: images, PDFs, text, audio and video files (Attach…, dropped on the page, pasted into the input) go
/// with the next question, are saved with it and go again with the history of later turns: inline while the
/// request's files fit in GenerateRequest::MaxInlineBytes, else the largest through the Files API
/// (AttachmentUploader), and then the request goes with a key of the project that holds them.
class ChatPage : public QWidget
{
    Q_OBJECT
public:
    ChatPage(Dispatcher* dispatcher, ConversationStore* store, AppSettings* settings, QWidget* parent = nullptr);
    ~ChatPage() override;

    /// The models offered when models.list cannot be reached.
    static QStringList fallbackModels();

    qint64 currentConversationId() const { return m_conversation.id; }
    const Conversation& currentConversation() const { return m_conversation; }
    QList<ChatMessage> messages() const;
    bool isBusy() const { return m_busy; }
    QStringList availableModels() const;

    /// Builds the request the page would send for `prompt` and `attachments` now (history, system instruction,
    /// settings).
    GenerateRequest buildRequest(const QString& prompt, const QList<ChatAttachment>& attachments = {}) const;

    /// The files that go with the next question.
    QList<ChatAttachment> pendingAttachments() const;
    /// Adds files to the next question; each one that cannot be sent is left out and the status says why. Returns
    /// how many were added.
    int attachFiles(const QStringList& paths);
    /// Adds an image (pasted) to the next question, as PNG.
    bool attachImage(const QImage& image);

public Q_SLOTS:
    /// Sends the input's text and the attached files (nothing when both are empty or a request is running).
    void send();
    /// Stops the answer being streamed at once (the request is aborted; the partial text is kept, marked).
    void stop();
    void newConversation();
    bool openConversation(qint64 id);
    bool renameConversation(qint64 id, const QString& title);
    bool deleteConversation(qint64 id);
    /// Writes the conversation to `path`: JSON when it ends in .json, otherwise Markdown. False + message on failure.
    bool exportConversation(qint64 id, const QString& path, QString* error = nullptr);
    /// Sends the last question again in place of its answer (the answer, failed or not, is dropped).
    void regenerate();
    /// Takes the last question back into the input to be edited and sent again (it and its answer are dropped).
    void editLastMessage();
    /// Lists only the conversations whose title or messages hold `text` (empty: all).
    void setSearchText(const QString& text);
    /// Asks a healthy key for models.list and fills the model choice (the last list, or the fallback one, stays on
    /// failure). The list is kept (ModelCatalog): the page asks by itself only when it is older than a day.
    void refreshModels();

Q_SIGNALS:
    void busyChanged(bool busy);
    /// An answer finished (successfully or not) and was added to the conversation.
    void answerFinished(const egb::ChatMessage& message);
    void modelsRefreshed(const QStringList& models);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;
    /// When the page is shown and the kept model list is stale or missing, it is asked for.
    void showEvent(QShowEvent* event) override;
    /// Files dropped anywhere on the page are attached.
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildUi();
    /// Every text set in code, again (constructor and LanguageChange).
    void retranslate();
    QLabel* addLabel(const char* source, QWidget* parent);
    void setBusy(bool busy);
    void reloadConversationList();
    /// Drops the last question and everything after it (view, history, database); returns it (role "" if none).
    ChatMessage takeLastQuestion();
    /// Puts a question back into the input and the tray.
    void restoreQuestion(const QString& text, const QList<ChatAttachment>& attachments);
    void attachInteractive();
    void updateTurnButtons();
    void applyConversationSettings();
    void readSettingsInto(Conversation& c) const;
    void showStatus(const QString& text, bool error = false);
    void renameCurrentInteractive();
    void deleteCurrentInteractive();
    void exportCurrentInteractive(bool json);

    // streaming callbacks (by request serial, so a stopped request's late events are ignored)
    void onChunk(quint64 serial, const GenerateResponse& chunk);
    void onRestart(quint64 serial, const AttemptRecord& failed);
    void onFinished(quint64 serial, const DispatchResult& result);
    void onUploadFailed(quint64 serial, const QString& error);
    /// The request names uploaded files or carries more than fits inline: AttachmentUploader must see it first.
    static bool needsUploads(const GenerateRequest& request);
    /// The files the request carries, in its order, with where each lives in m_history (message, position).
    QList<ChatAttachment> requestFiles(QList<QPair<qsizetype, qsizetype>>* where) const;
    /// Writes the upload state the plan changed into the history and the database.
    void applyUploads(const AttachmentUploader::Plan& plan, const QList<QPair<qsizetype, qsizetype>>& where);
    /// `giveQuestionBack`: the question comes back into an empty input (and its files into an empty tray).
    void finishAnswer(ChatMessage message, bool giveQuestionBack);

    static QCoro::Task<> streamAnswer(QPointer<ChatPage> page, QPointer<Dispatcher> dispatcher, quint64 serial,
                                      GenerateRequest request, QPointer<CancelToken> cancel);

    QPointer<Dispatcher> m_dispatcher;
    QPointer<ConversationStore> m_store;
    QPointer<AppSettings> m_settings;

    Conversation m_conversation;
    QList<ChatMessage> m_history; ///< the turns of the current conversation (what the view shows)
    bool m_busy = false;
    quint64 m_serial = 0;
    quint64 m_dispatchId = 0; ///< the dispatch of the request in flight: only its attempts and waits are shown
    CancelToken* m_cancel = nullptr;
    QString m_pendingPrompt;
    QList<ChatAttachment> m_pendingAttachments;
    QString m_streamText;
    QElapsedTimer m_sentAt;
    QList<QPair<QLabel*, const char*>> m_labels; ///< labels and their untranslated texts

    QListWidget* m_list = nullptr;
    QPushButton* m_newButton = nullptr;
    QLineEdit* m_search = nullptr;
    QPushButton* m_regenerate = nullptr;
    QPushButton* m_editLast = nullptr;
    QPushButton* m_renameButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    QPushButton* m_exportButton = nullptr;
    QAction* m_exportMarkdown = nullptr;
    QAction* m_exportJson = nullptr;
    ChatModelChooser* m_models = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QSpinBox* m_thinking = nullptr;
    QPlainTextEdit* m_system = nullptr;
    ChatView* m_view = nullptr;
    ChatInput* m_input = nullptr;
    AttachmentTray* m_tray = nullptr;
    QPushButton* m_attach = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace egb
