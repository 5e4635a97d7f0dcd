#include "ChatPage.h"

#include "AttachmentReader.h"
#include "AttachmentUploader.h"
#include "AttemptSummary.h"

#include "AppSettings.h"
#include "AttachmentTray.h"
#include "CancelToken.h"
#include "ChatInput.h"
#include "ChatModelChooser.h"
#include "ChatView.h"
#include "FileDialog.h"
#include "GeminiClient.h"
#include "MessageBox.h"

#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QInputDialog>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace egb {

namespace {

/// A model turn of `model`, to be filled with how the answer went.
ChatMessage answerOf(const QString& model)
{
    ChatMessage m;
    m.role = QStringLiteral("model");
    m.model = model;
    return m;
}

QString titleFor(const QString& prompt, const QList<ChatAttachment>& attachments)
{
    QString line = prompt.section(u'\n', 0, 0).simplified();
    if (line.isEmpty() && !attachments.isEmpty())
        line = attachments.first().name;
    if (line.size() > 60)
        line = line.left(59) + QChar(0x2026);
    return line.isEmpty() ? ChatPage::tr("New conversation") : line;
}

} // namespace

ChatPage::ChatPage(Dispatcher* dispatcher, ConversationStore* store, AppSettings* settings, QWidget* parent)
    : QWidget(parent)
    , m_dispatcher(dispatcher)
    , m_store(store)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("chatPage"));
    buildUi();
    retranslate();
    newConversation();
    // The conversation used last is where the person left off: it is open again at start.
    if (m_store) {
        const QList<Conversation> saved = m_store->conversations(); // the most recently updated first
        if (!saved.isEmpty())
            openConversation(saved.first().id);
    }
    reloadConversationList();
    if (m_store)
        connect(m_store, &ConversationStore::conversationsChanged, this, &ChatPage::reloadConversationList);
    if (m_dispatcher) {
        // What the pool is doing for this page's request (the dispatcher is shared: the Batch page's attempts and
        // waits are not ours).
        connect(m_dispatcher, &Dispatcher::attemptFinished, this, [this](const AttemptRecord& a) {
            if (m_busy && a.willRetry && a.dispatchId == m_dispatchId)
                m_view->setAnswerStatus(
                    tr("key %1 %2; trying again…")
                        .arg(AttemptSummary::shortMask(a.maskedKey), AttemptSummary::failureWord(a)));
        });
        connect(m_dispatcher, &Dispatcher::waitingForKey, this, [this](quint64 dispatchId, qint64 waitMs) {
            if (m_busy && dispatchId == m_dispatchId)
                m_view->setAnswerStatus(tr("Every key is cooling down; waiting %1 s for the first to come back…")
                                            .arg((waitMs + 999) / 1000));
        });
    }
}

ChatPage::~ChatPage()
{
    // Late callbacks of the request in flight must not reach a half-destroyed page.
    ++m_serial;
    m_busy = false;
    if (m_cancel)
        m_cancel->cancel();
}

QStringList ChatPage::fallbackModels()
{
    return ChatModelChooser::fallbackModels();
}

void ChatPage::buildUi()
{
    // --- left: conversations ---
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_newButton = new QPushButton(left);
    m_newButton->setObjectName(QStringLiteral("newChatButton"));
    m_search = new QLineEdit(left);
    m_search->setObjectName(QStringLiteral("conversationSearch"));
    m_search->setClearButtonEnabled(true);
    m_list = new QListWidget(left);
    m_list->setObjectName(QStringLiteral("conversationList"));
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* listButtons = new QHBoxLayout;
    m_renameButton = new QPushButton(left);
    m_renameButton->setObjectName(QStringLiteral("renameButton"));
    m_deleteButton = new QPushButton(left);
    m_deleteButton->setObjectName(QStringLiteral("deleteButton"));
    // A push button with a menu, like its neighbours: it makes room for the menu arrow (a tool button's arrow
    // overlapped the end of "Export").
    m_exportButton = new QPushButton(left);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    auto* exportMenu = new QMenu(m_exportButton);
    m_exportMarkdown = exportMenu->addAction(QString());
    m_exportJson = exportMenu->addAction(QString());
    connect(m_exportMarkdown, &QAction::triggered, this, [this] { exportCurrentInteractive(false); });
    connect(m_exportJson, &QAction::triggered, this, [this] { exportCurrentInteractive(true); });
    m_exportButton->setMenu(exportMenu);
    listButtons->addWidget(m_renameButton);
    listButtons->addWidget(m_deleteButton);
    listButtons->addWidget(m_exportButton);
    leftLayout->addWidget(m_newButton);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(listButtons);

    // --- right: settings, transcript, input ---
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);

    // Two rows, so the page fits a window of about 900 px next to the sidebar.
    auto* settingsRow = new QGridLayout;
    m_models = new ChatModelChooser(m_dispatcher, right);
    m_temperature = new QDoubleSpinBox(right);
    m_temperature->setObjectName(QStringLiteral("temperatureSpin"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setValue(1.0);
    m_maxTokens = new QSpinBox(right);
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSpin"));
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setSingleStep(256);
    m_thinking = new QSpinBox(right);
    m_thinking->setObjectName(QStringLiteral("thinkingSpin"));
    m_thinking->setRange(-1, 32768);
    m_thinking->setSingleStep(256);
    m_thinking->setValue(-1);
    settingsRow->addWidget(addLabel(QT_TR_NOOP("Model"), right), 0, 0);
    settingsRow->addWidget(m_models, 0, 1);
    settingsRow->addWidget(addLabel(QT_TR_NOOP("Temperature"), right), 0, 2);
    settingsRow->addWidget(m_temperature, 0, 3);
    settingsRow->addWidget(addLabel(QT_TR_NOOP("Max output tokens"), right), 1, 0);
    settingsRow->addWidget(m_maxTokens, 1, 1);
    settingsRow->addWidget(addLabel(QT_TR_NOOP("Thinking budget"), right), 1, 2);
    settingsRow->addWidget(m_thinking, 1, 3);
    settingsRow->setColumnStretch(1, 1);

    m_system = new QPlainTextEdit(right);
    m_system->setObjectName(QStringLiteral("systemEdit"));
    m_system->setMaximumHeight(60);

    m_view = new ChatView(right);

    m_status = new QLabel(right);
    m_status->setObjectName(QStringLiteral("chatStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    auto* inputRow = new QHBoxLayout;
    m_input = new ChatInput(right);
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setMaximumHeight(110);
    m_input->installEventFilter(this);
    connect(m_input, &ChatInput::filesGiven, this, &ChatPage::attachFiles);
    connect(m_input, &ChatInput::imageGiven, this, &ChatPage::attachImage);
    m_tray = new AttachmentTray(right);
    setAcceptDrops(true);
    auto* inputButtons = new QVBoxLayout;
    m_send = new QPushButton(right);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(true);
    m_stop = new QPushButton(right);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setEnabled(false);
    m_regenerate = new QPushButton(right);
    m_regenerate->setObjectName(QStringLiteral("regenerateButton"));
    m_editLast = new QPushButton(right);
    m_editLast->setObjectName(QStringLiteral("editLastButton"));
    m_attach = new QPushButton(right);
    m_attach->setObjectName(QStringLiteral("attachButton"));
    inputButtons->addWidget(m_send);
    inputButtons->addWidget(m_stop);
    inputButtons->addWidget(m_regenerate);
    inputButtons->addWidget(m_editLast);
    inputButtons->addWidget(m_attach);
    inputButtons->addStretch();
    inputRow->addWidget(m_input, 1);
    inputRow->addLayout(inputButtons);

    rightLayout->addLayout(settingsRow);
    rightLayout->addWidget(m_system);
    rightLayout->addWidget(m_view, 1);
    rightLayout->addWidget(m_status);
    rightLayout->addWidget(m_tray);
    rightLayout->addLayout(inputRow);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    // No fixed minimum on the list side: its layout's own minimum keeps Rename, Delete and Export whole (a fixed
    // 150 px let the splitter squeeze them below their text at the default 200 px).
    splitter->setSizes({200, 700});
    splitter->setCollapsible(0, false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_send, &QPushButton::clicked, this, &ChatPage::send);
    connect(m_regenerate, &QPushButton::clicked, this, &ChatPage::regenerate);
    connect(m_editLast, &QPushButton::clicked, this, &ChatPage::editLastMessage);
    connect(m_attach, &QPushButton::clicked, this, &ChatPage::attachInteractive);
    connect(m_search, &QLineEdit::textChanged, this, &ChatPage::setSearchText);
    connect(m_stop, &QPushButton::clicked, this, &ChatPage::stop);
    // Escape stops the answer being streamed, wherever the focus is on the page.
    auto* escape =
        new QShortcut(QKeySequence(Qt::Key_Escape), this, this, &ChatPage::stop, Qt::WidgetWithChildrenShortcut);
    escape->setObjectName(QStringLiteral("stopShortcut"));
    connect(m_newButton, &QPushButton::clicked, this, &ChatPage::newConversation);
    connect(m_models, &ChatModelChooser::modelsRefreshed, this, &ChatPage::modelsRefreshed);
    connect(m_renameButton, &QPushButton::clicked, this, &ChatPage::renameCurrentInteractive);
    connect(m_deleteButton, &QPushButton::clicked, this, &ChatPage::deleteCurrentInteractive);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openConversation(item->data(Qt::UserRole).toLongLong()); });
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item && !m_busy && item->data(Qt::UserRole).toLongLong() != m_conversation.id)
            openConversation(item->data(Qt::UserRole).toLongLong());
    });
}

QLabel* ChatPage::addLabel(const char* source, QWidget* parent)
{
    auto* label = new QLabel(parent);
    m_labels.append({label, source});
    return label;
}

void ChatPage::retranslate()
{
    for (const auto& [label, source] : std::as_const(m_labels))
        label->setText(tr(source));
    m_newButton->setText(tr("New chat"));
    m_renameButton->setText(tr("Rename…"));
    m_deleteButton->setText(tr("Delete"));
    m_search->setPlaceholderText(tr("Search conversations"));
    m_regenerate->setText(tr("Regenerate"));
    m_regenerate->setToolTip(tr("Ask the last question again; its answer is replaced"));
    m_editLast->setText(tr("Edit last"));
    m_editLast->setToolTip(tr("Take the last question back into the input to change it (Up in an empty input); "
                              "it and its answer are removed"));
    m_exportButton->setText(tr("Export"));
    m_exportMarkdown->setText(tr("As Markdown…"));
    m_exportJson->setText(tr("As JSON…"));
    m_temperature->setToolTip(tr("Lower is more focused, higher more varied."));
    m_maxTokens->setSpecialValueText(tr("Model default"));
    m_thinking->setSpecialValueText(tr("Automatic"));
    m_thinking->setMinimumWidth(m_thinking->fontMetrics().horizontalAdvance(tr("Automatic")) + 40);
    m_maxTokens->setMinimumWidth(m_maxTokens->fontMetrics().horizontalAdvance(tr("Model default")) + 40);
    m_thinking->setToolTip(tr("Thinking budget in tokens: 0 turns thinking off (where the model allows it)."));
    m_system->setPlaceholderText(tr("System instruction (optional), e.g. \"Answer briefly.\""));
    m_input->setPlaceholderText(tr("Message Gemini (Enter sends, Shift+Enter for a new line)"));
    m_send->setText(tr("Send"));
    m_stop->setText(tr("Stop"));
    m_attach->setText(tr("Attach…"));
    m_attach->setToolTip(tr("Add images, PDFs, text, audio or video files to your next message (or drop them on the "
                            "page, or paste an image into the input)"));
    m_tray->retranslate();
    reloadConversationList();
    if (!m_busy)
        m_view->setMessages(m_history); // the "You" / "Gemini" headings and the lines under answers
}

void ChatPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QList<ChatMessage> ChatPage::messages() const
{
    return m_history;
}

QStringList ChatPage::availableModels() const
{
    return m_models->availableModels();
}

void ChatPage::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    m_send->setEnabled(!busy);
    m_stop->setEnabled(busy);
    m_attach->setEnabled(!busy);
    m_list->setEnabled(!busy);
    m_newButton->setEnabled(!busy);
    m_deleteButton->setEnabled(!busy);
    m_renameButton->setEnabled(!busy);
    updateTurnButtons();
    Q_EMIT busyChanged(busy);
}

void ChatPage::showStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
    m_status->setVisible(!text.isEmpty());
}

void ChatPage::readSettingsInto(Conversation& c) const
{
    c.model = m_models->currentModel();
    if (c.model.isEmpty())
        c.model = m_settings ? m_settings->defaultModel() : GenerateRequest::defaultModel();
    c.systemInstruction = m_system->toPlainText();
    c.temperature = m_temperature->value();
    c.maxOutputTokens = m_maxTokens->value();
    c.thinkingBudget = m_thinking->value();
}

void ChatPage::applyConversationSettings()
{
    const QString model = m_conversation.model.isEmpty()
                              ? (m_settings ? m_settings->defaultModel() : GenerateRequest::defaultModel())
                              : m_conversation.model;
    m_models->setCurrentModel(model);
    m_system->setPlainText(m_conversation.systemInstruction);
    m_temperature->setValue(m_conversation.temperature);
    m_maxTokens->setValue(m_conversation.maxOutputTokens);
    m_thinking->setValue(m_conversation.thinkingBudget);
}

GenerateRequest ChatPage::buildRequest(const QString& prompt, const QList<ChatAttachment>& attachments) const
{
    // A question: its text (when it has one), then its files, as Google's examples put them.
    auto question = [](const QString& text, const QList<ChatAttachment>& files) {
        Content content = Content::user(text);
        if (text.isEmpty() && !files.isEmpty())
            content.parts.clear();
        for (const ChatAttachment& file : files)
            content.parts.append(AttachmentReader::toPart(file));
        return content;
    };
    Conversation c = m_conversation;
    readSettingsInto(c);
    GenerateRequest request;
    request.model = c.model;
    request.systemInstruction = c.systemInstruction.trimmed().isEmpty() ? QString() : c.systemInstruction;
    request.generationConfig.temperature = c.temperature;
    if (c.maxOutputTokens > 0)
        request.generationConfig.maxOutputTokens = c.maxOutputTokens;
    if (c.thinkingBudget >= 0)
        request.generationConfig.thinkingBudget = c.thinkingBudget;
    // History: only exchanges that got a full answer (a failed or stopped turn is shown, not sent again).
    for (int i = 0; i < m_history.size(); ++i) {
        const ChatMessage& m = m_history.at(i);
        if (m.role == QLatin1String("user")) {
            const bool answered = i + 1 < m_history.size() && m_history.at(i + 1).role != QLatin1String("user") &&
                                  !m_history.at(i + 1).isError();
            if (answered) {
                request.contents.append(question(m.text, m.attachments));
                request.contents.append(Content::model(m_history.at(i + 1).text));
                ++i;
            }
        }
    }
    request.contents.append(question(prompt, attachments));
    return request;
}

void ChatPage::send()
{
    if (m_busy)
        return;
    const QString prompt = m_input->toPlainText().trimmed();
    const QList<ChatAttachment> attachments = m_tray->attachments();
    if (prompt.isEmpty() && attachments.isEmpty())
        return;
    if (!m_dispatcher || !m_dispatcher->client()) {
        showStatus(tr("Chat is not available: the app has no connection to Gemini. Restart the app; if it keeps "
                      "happening, check the base URL in Settings."),
                   true);
        return;
    }
    showStatus({});
    readSettingsInto(m_conversation);
    const GenerateRequest request = buildRequest(prompt, attachments);
    if (m_store) {
        if (m_conversation.id == 0) {
            m_conversation.title = titleFor(prompt, attachments);
            m_conversation.id = m_store->create(m_conversation);
            if (m_conversation.id == 0)
                showStatus(tr("This conversation is not being saved: %1").arg(m_store->lastError()), true);
        } else {
            m_store->update(m_conversation);
        }
    }
    ChatMessage user;
    user.role = QStringLiteral("user");
    user.text = prompt;
    user.attachments = attachments;
    user.createdMs = QDateTime::currentMSecsSinceEpoch();
    if (m_store && m_conversation.id > 0)
        user.id = m_store->appendMessage(m_conversation.id, user);
    m_history.append(user);
    m_view->appendMessage(user);

    m_input->clear();
    m_tray->clear();
    m_pendingPrompt = prompt;
    m_pendingAttachments = attachments;
    m_streamText.clear();
    m_view->beginAnswer();
    m_sentAt.start();
    const quint64 serial = ++m_serial;
    m_cancel = new CancelToken(this);
    setBusy(true);
    streamAnswer(QPointer<ChatPage>(this), m_dispatcher, serial, request, QPointer<CancelToken>(m_cancel));
}

QCoro::Task<> ChatPage::streamAnswer(QPointer<ChatPage> page, QPointer<Dispatcher> dispatcher, quint64 serial,
                                     GenerateRequest request, QPointer<CancelToken> cancel)
{
    if (!dispatcher)
        co_return;
    // Files that do not fit inline, or were uploaded before (they may have expired): through the Files API first,
    // then the request goes to the project that holds them.
    if (page && needsUploads(request)) {
        QList<QPair<qsizetype, qsizetype>> where;
        const QList<ChatAttachment> files = page->requestFiles(&where);
        page->m_view->setAnswerStatus(tr("Uploading files to Gemini…"));
        QCoro::Task<AttachmentUploader::Plan> task =
            AttachmentUploader::prepare(dispatcher.data(), files, QDateTime::currentMSecsSinceEpoch(), cancel.data());
        const AttachmentUploader::Plan plan = co_await std::move(task);
        if (!page || serial != page->m_serial || !page->m_busy) {
            if (cancel)
                cancel->deleteLater();
            co_return;
        }
        page->applyUploads(plan, where);
        if (!plan.ok) {
            if (cancel)
                cancel->deleteLater();
            page->onUploadFailed(serial, plan.error);
            co_return;
        }
        request = page->buildRequest(page->m_pendingPrompt, page->m_history.constLast().attachments);
        request.project = plan.project;
        page->m_view->setAnswerStatus({});
        if (!dispatcher)
            co_return;
    }
    // Named locals only: g++ 12 may destroy non-trivial temporaries of a co_await expression twice.
    GeminiClient::ChunkHandler onChunk = [page, serial](const GenerateResponse& chunk) {
        if (page)
            page->onChunk(serial, chunk);
    };
    Dispatcher::RestartHandler onRestart = [page, serial](const AttemptRecord& failed) {
        if (page)
            page->onRestart(serial, failed);
    };
    // The dispatch starts (and gets its id) inside this call, before any attempt is reported.
    quint64* idOut = page ? &page->m_dispatchId : nullptr;
    QCoro::Task<DispatchResult> task =
        dispatcher->stream(std::move(request), std::move(onChunk), std::move(onRestart), cancel.data(), idOut);
    const DispatchResult result = co_await std::move(task);
    if (cancel)
        cancel->deleteLater();
    if (page)
        page->onFinished(serial, result);
}

bool ChatPage::needsUploads(const GenerateRequest& request)
{
    if (request.inlineBytes() > GenerateRequest::MaxInlineBytes)
        return true;
    for (const Content& content : request.contents) {
        for (const Part& part : content.parts) {
            if (!part.fileUri.isEmpty())
                return true;
        }
    }
    return false;
}

QList<ChatAttachment> ChatPage::requestFiles(QList<QPair<qsizetype, qsizetype>>* where) const
{
    // The order buildRequest() puts them in: the answered questions, then the question just asked (the last turn).
    QList<ChatAttachment> files;
    auto take = [&](qsizetype message) {
        const QList<ChatAttachment>& attachments = m_history.at(message).attachments;
        for (qsizetype j = 0; j < attachments.size(); ++j) {
            files.append(attachments.at(j));
            where->append({message, j});
        }
    };
    for (qsizetype i = 0; i + 1 < m_history.size(); ++i) {
        if (m_history.at(i).role == QLatin1String("user") && m_history.at(i + 1).role != QLatin1String("user") &&
            !m_history.at(i + 1).isError()) {
            take(i);
            ++i;
        }
    }
    if (!m_history.isEmpty())
        take(m_history.size() - 1);
    return files;
}

void ChatPage::applyUploads(const AttachmentUploader::Plan& plan, const QList<QPair<qsizetype, qsizetype>>& where)
{
    for (const qsizetype index : plan.changed) {
        const auto [message, position] = where.at(index);
        if (message >= m_history.size() || position >= m_history.at(message).attachments.size())
            continue;
        const ChatAttachment& file = plan.files.at(index);
        m_history[message].attachments[position] = file;
        if (m_store && m_history.at(message).id > 0 &&
            !m_store->setAttachmentUpload(m_history.at(message).id, int(position), file.fileUri, file.fileProject,
                                          file.fileExpiresMs))
            showStatus(m_store->lastError(), true);
    }
}

void ChatPage::onUploadFailed(quint64 serial, const QString& error)
{
    if (serial != m_serial || !m_busy)
        return;
    ChatMessage m = answerOf(m_conversation.model);
    m.latencyMs = m_sentAt.elapsed();
    m.error = error;
    finishAnswer(m, true);
}

void ChatPage::onChunk(quint64 serial, const GenerateResponse& chunk)
{
    if (serial != m_serial || !m_busy)
        return;
    if (chunk.text.isEmpty())
        return;
    m_streamText += chunk.text;
    m_view->setAnswerText(m_streamText);
}

void ChatPage::onRestart(quint64 serial, const AttemptRecord& failed)
{
    if (serial != m_serial || !m_busy)
        return;
    m_streamText.clear();
    m_view->setAnswerText(m_streamText);
    m_view->setAnswerStatus(tr("key %1 %2 mid-answer; starting again with another key…")
                                .arg(AttemptSummary::shortMask(failed.maskedKey), AttemptSummary::failureWord(failed)));
}

void ChatPage::onFinished(quint64 serial, const DispatchResult& result)
{
    if (serial != m_serial || !m_busy)
        return;
    ChatMessage m = answerOf(m_conversation.model);
    m.attempts = int(result.attempts.size());
    m.attemptNote = AttemptSummary::note(result.attempts);
    if (!result.attempts.isEmpty())
        m.keyMasked = result.attempts.constLast().maskedKey;
    m.latencyMs = m_sentAt.elapsed();
    m.usage = result.outcome.usage.totalTokens > 0 ? result.outcome.usage : result.value.response.usage;
    m.finishReason = result.value.response.finishReason;
    if (result.ok()) {
        m.text = result.value.response.text;
        if (m.text.isEmpty())
            m.text = m_streamText;
        finishAnswer(m, false);
        return;
    }
    m.text = m_streamText; // what arrived before the failure, if anything
    if (result.outcome.kind == OutcomeClass::Cancelled) {
        m.error = tr("Stopped.");
        m.finishReason = QStringLiteral("cancelled");
    } else {
        QString error = result.errorMessage;
        const QString google = result.outcome.message;
        if (!google.isEmpty() && !error.contains(google))
            error = error.isEmpty() ? google : tr("%1\nGoogle said: %2").arg(error, google);
        if (error.isEmpty())
            error = tr("The request failed.");
        m.error = error;
        // 404: Google does not know the model (a typo, a retired name): it leaves the choices, the text stays to fix.
        if (result.outcome.httpStatus == 404 && !m.model.isEmpty())
            m_models->forget(m.model);
    }
    finishAnswer(m, true);
}

void ChatPage::stop()
{
    if (!m_busy)
        return;
    ++m_serial; // the aborted request's late events are ignored from here on
    if (m_cancel)
        m_cancel->cancel();
    ChatMessage m = answerOf(m_conversation.model);
    m.text = m_streamText;
    m.latencyMs = m_sentAt.elapsed();
    m.error = tr("Stopped by you.");
    m.finishReason = QStringLiteral("cancelled");
    finishAnswer(m, m_streamText.isEmpty());
}

void ChatPage::finishAnswer(ChatMessage message, bool giveQuestionBack)
{
    m_view->endAnswer();
    message.createdMs = QDateTime::currentMSecsSinceEpoch();
    if (m_store && m_conversation.id > 0)
        message.id = m_store->appendMessage(m_conversation.id, message);
    m_history.append(message);
    m_view->appendMessage(message);
    updateTurnButtons();
    if (giveQuestionBack && m_input->toPlainText().trimmed().isEmpty() && m_tray->isEmpty())
        restoreQuestion(m_pendingPrompt, m_pendingAttachments);
    m_cancel = nullptr;
    m_pendingPrompt.clear();
    m_pendingAttachments.clear();
    m_streamText.clear();
    setBusy(false);
    Q_EMIT answerFinished(message);
}

ChatMessage ChatPage::takeLastQuestion()
{
    qsizetype last = m_history.size() - 1;
    while (last >= 0 && m_history.at(last).role != QLatin1String("user"))
        --last;
    if (last < 0)
        return {};
    ChatMessage question = m_history.at(last);
    question.id = 0;
    for (qsizetype i = m_history.size() - 1; i >= last; --i) {
        if (m_store && m_history.at(i).id > 0)
            m_store->removeMessage(m_history.at(i).id);
        m_history.removeAt(i);
    }
    m_view->setMessages(m_history);
    return question;
}

void ChatPage::regenerate()
{
    if (m_busy || m_view->isAnswering())
        return;
    const ChatMessage question = takeLastQuestion();
    if (question.role.isEmpty())
        return;
    restoreQuestion(question.text, question.attachments);
    send();
}

void ChatPage::editLastMessage()
{
    if (m_busy)
        return;
    const ChatMessage question = takeLastQuestion();
    if (question.role.isEmpty())
        return;
    restoreQuestion(question.text, question.attachments);
    m_input->setFocus();
    updateTurnButtons();
}

void ChatPage::restoreQuestion(const QString& text, const QList<ChatAttachment>& attachments)
{
    m_input->setPlainText(text);
    m_input->moveCursor(QTextCursor::End);
    m_tray->setAttachments(attachments);
}

QList<ChatAttachment> ChatPage::pendingAttachments() const
{
    return m_tray->attachments();
}

int ChatPage::attachFiles(const QStringList& paths)
{
    QStringList problems;
    const int added = m_tray->addFiles(paths, &problems);
    showStatus(problems.join(u'\n'), !problems.isEmpty());
    return added;
}

bool ChatPage::attachImage(const QImage& image)
{
    QString error;
    const bool added = m_tray->addImage(image, &error);
    showStatus(error, !added);
    return added;
}

void ChatPage::attachInteractive()
{
    const QStringList paths = FileDialog::getOpenFileNames(
        this, tr("Attach files"), QString(),
        tr("Images, PDFs, text, audio and video (*.png *.jpg *.jpeg *.webp *.heic *.heif *.pdf *.txt *.md *.csv "
           "*.html *.css *.xml *.json *.py *.js *.ts *.c *.cpp *.h *.java *.go *.rs *.log *.wav *.mp3 *.aiff *.aac "
           "*.ogg *.flac *.mp4 *.mpeg *.mov *.avi *.webm *.3gp);;All files (*)"));
    if (!paths.isEmpty())
        attachFiles(paths);
}

void ChatPage::dragEnterEvent(QDragEnterEvent* event)
{
    if (!m_busy && event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ChatPage::dropEvent(QDropEvent* event)
{
    const QStringList paths = ChatInput::localFiles(event->mimeData());
    if (paths.isEmpty() || m_busy)
        return;
    event->acceptProposedAction();
    attachFiles(paths);
}

void ChatPage::updateTurnButtons()
{
    bool asked = false;
    for (const ChatMessage& m : std::as_const(m_history))
        asked = asked || m.role == QLatin1String("user");
    m_regenerate->setEnabled(!m_busy && asked);
    m_editLast->setEnabled(!m_busy && asked);
}

void ChatPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_models->refreshIfStale();
}

bool ChatPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        // Up in an empty input takes the last question back to be edited, as in other chat apps.
        if (key->key() == Qt::Key_Up && key->modifiers() == Qt::NoModifier && m_input->toPlainText().isEmpty() &&
            m_editLast->isEnabled()) {
            editLastMessage();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier) {
                m_input->textCursor().insertText(QStringLiteral("\n"));
                return true;
            }
            if (!(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))) {
                send();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ChatPage::newConversation()
{
    if (m_busy)
        return;
    m_conversation = Conversation{};
    readSettingsInto(m_conversation);
    m_conversation.model = m_settings ? m_settings->defaultModel() : m_conversation.model;
    m_conversation.systemInstruction.clear();
    m_history.clear();
    m_view->setMessages({});
    m_tray->clear();
    updateTurnButtons();
    applyConversationSettings();
    m_list->blockSignals(true);
    m_list->clearSelection();
    m_list->setCurrentItem(nullptr);
    m_list->blockSignals(false);
    showStatus({});
    m_input->setFocus();
}

bool ChatPage::openConversation(qint64 id)
{
    if (m_busy || !m_store)
        return false;
    const std::optional<Conversation> c = m_store->conversation(id);
    if (!c) {
        showStatus(tr("That conversation could not be opened: it was deleted or the database cannot be read."), true);
        return false;
    }
    m_conversation = *c;
    m_history = m_store->messages(id);
    m_view->setMessages(m_history);
    updateTurnButtons();
    applyConversationSettings();
    showStatus({});
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(Qt::UserRole).toLongLong() == id) {
            m_list->blockSignals(true);
            m_list->setCurrentRow(i);
            m_list->blockSignals(false);
        }
    }
    return true;
}

bool ChatPage::renameConversation(qint64 id, const QString& title)
{
    if (!m_store || title.trimmed().isEmpty())
        return false;
    if (!m_store->rename(id, title)) {
        showStatus(m_store->lastError(), true);
        return false;
    }
    if (id == m_conversation.id)
        m_conversation.title = title.trimmed();
    return true;
}

bool ChatPage::deleteConversation(qint64 id)
{
    if (!m_store || (m_busy && id == m_conversation.id))
        return false;
    if (!m_store->remove(id)) {
        showStatus(m_store->lastError(), true);
        return false;
    }
    if (id == m_conversation.id)
        newConversation();
    return true;
}

bool ChatPage::exportConversation(qint64 id, const QString& path, QString* error)
{
    Conversation c = m_conversation;
    QList<ChatMessage> msgs = m_history;
    if (id != m_conversation.id || id == 0) {
        const auto stored = m_store ? m_store->conversation(id) : std::nullopt;
        if (!stored) {
            if (error)
                *error = tr("That conversation no longer exists.");
            return false;
        }
        c = *stored;
        msgs = m_store->messages(id);
    }
    const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    const QByteArray data = json ? QJsonDocument(ConversationStore::toJson(c, msgs)).toJson(QJsonDocument::Indented)
                                 : ConversationStore::toMarkdown(c, msgs).toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2. Choose another folder or free some disk space.")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

void ChatPage::renameCurrentInteractive()
{
    if (m_conversation.id == 0)
        return;
    bool ok = false;
    const QString title = QInputDialog::getText(this, tr("Rename conversation"), tr("Title:"), QLineEdit::Normal,
                                                m_conversation.title, &ok);
    if (ok)
        renameConversation(m_conversation.id, title);
}

void ChatPage::deleteCurrentInteractive()
{
    if (m_conversation.id == 0)
        return;
    const auto answer =
        MessageBox::question(this, tr("Delete conversation"),
                             tr("Delete \"%1\" and all its messages? This cannot be undone.").arg(m_conversation.title),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No); // deleting is never what Enter does
    if (answer == QMessageBox::Yes)
        deleteConversation(m_conversation.id);
}

void ChatPage::exportCurrentInteractive(bool json)
{
    if (m_history.isEmpty())
        return;
    QString base = m_conversation.title.isEmpty() ? tr("conversation") : m_conversation.title;
    base.replace(QRegularExpression(QStringLiteral("[\\\\/:*?\"<>|]")), QStringLiteral("_"));
    const QString path = FileDialog::getSaveFileName(this, tr("Export conversation"),
                                                     base + (json ? QStringLiteral(".json") : QStringLiteral(".md")),
                                                     json ? tr("JSON (*.json)") : tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportConversation(m_conversation.id, path, &error))
        MessageBox::warning(this, tr("Export failed"), error);
}

void ChatPage::setSearchText(const QString& text)
{
    if (m_search->text() != text)
        m_search->setText(text); // comes back here through textChanged
    else
        reloadConversationList();
}

void ChatPage::reloadConversationList()
{
    if (!m_store)
        return;
    const QList<Conversation> list = m_store->conversations();
    const QString searched = m_search->text().trimmed();
    const QList<qint64> matching = searched.isEmpty() ? QList<qint64>{} : m_store->search(searched);
    m_list->blockSignals(true);
    m_list->clear();
    for (const Conversation& c : list) {
        if (!searched.isEmpty() && !matching.contains(c.id))
            continue;
        auto* item = new QListWidgetItem(c.title.isEmpty() ? tr("Untitled") : c.title, m_list);
        item->setData(Qt::UserRole, c.id);
        item->setToolTip(QDateTime::fromMSecsSinceEpoch(c.updatedMs).toString(QLocale().dateTimeFormat()));
        if (c.id == m_conversation.id)
            m_list->setCurrentItem(item);
    }
    m_list->blockSignals(false);
}

void ChatPage::refreshModels()
{
    m_models->refresh();
}

} // namespace egb
