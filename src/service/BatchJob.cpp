#include "BatchJob.h"

#include "ApiKey.h"
#include "AppSettings.h"
#include "AttemptSummary.h"
#include "BatchResultSaver.h"
#include "Dispatcher.h"
#include "KeyPool.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QEvent>

#include <algorithm>

namespace egb {

static_assert(AppSettings::MaxConcurrency == BatchRunner::MaxConcurrency, "the settings offer what a batch can run");

BatchJob::BatchJob(KeyPool* pool, ClientSettings clientSettings, DispatcherSettings dispatcherSettings,
                   BatchRunStore* store, QObject* parent)
    : QObject(parent)
    , m_pool(pool)
    , m_clientSettings(std::move(clientSettings))
    , m_dispatcherSettings(std::move(dispatcherSettings))
    , m_store(store)
{
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, &BatchJob::saveNow);
    if (m_store) {
        // Another database file: the writer thread's connection follows at the next run.
        connect(m_store, &BatchRunStore::opened, this, [this] {
            if (isRunning())
                return;
            waitForSaves();
            m_saver.reset();
        });
    }
}

BatchJob::~BatchJob()
{
    // Save what arrived, then stop the runner without letting its last signals reach this half-destroyed job.
    if (m_runner) {
        disconnect(m_runner.get(), nullptr, this, nullptr);
        m_runner.reset();
    }
    saveNow();
    if (m_saver) {
        disconnect(m_saver.get(), nullptr, this, nullptr);
        m_saver.reset(); // commits what is queued, then stops its thread
    }
}

void BatchJob::setSaveInterval(int ms)
{
    m_saveIntervalMs = std::max(0, ms);
}

void BatchJob::setProgressInterval(int ms)
{
    m_progressIntervalMs = std::max(0, ms);
    if (m_runner)
        m_runner->setProgressInterval(m_progressIntervalMs);
}

Dispatcher* BatchJob::dispatcher() const
{
    return m_runner ? m_runner->dispatcher() : nullptr;
}

bool BatchJob::isRunning() const
{
    return m_runner && m_runner->isRunning();
}

bool BatchJob::isPaused() const
{
    return m_runner && m_runner->isPaused();
}

BatchProgress BatchJob::progress() const
{
    return m_runner ? m_runner->progress() : BatchProgress();
}

BatchItem::Status BatchJob::status(int index) const
{
    if (index < 0 || size_t(index) >= m_status.size())
        return BatchItem::Status::Pending;
    switch (m_status[size_t(index)] & StatusMask) {
    case Ok:
        return BatchItem::Status::Ok;
    case Failed:
        return BatchItem::Status::Error;
    default:
        break;
    }
    return BatchItem::Status::Pending;
}

bool BatchJob::hadResultBefore(int index) const
{
    return index >= 0 && size_t(index) < m_status.size() && (m_status[size_t(index)] & Before) != 0;
}

int BatchJob::unsavedCount() const
{
    return int(m_unsaved.size()) + m_inSaver;
}

bool BatchJob::saving() const
{
    return m_store && m_store->isOpen() && m_run.id > 0;
}

QString BatchJob::fingerprint(const QStringList& prompts, const QString& model, const BatchRunSettings& settings,
                              const QStringList& promptModels)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&hash](const QString& text) {
        const QByteArray bytes = text.toUtf8();
        // Length-prefixed, so no two different lists of strings hash the same bytes.
        hash.addData(QByteArray::number(bytes.size()) + ':');
        hash.addData(bytes);
    };
    const bool generation = settings.temperature || settings.maxOutputTokens;
    // Without generation settings: the fingerprint `egb batch` has always saved, so its earlier runs resume.
    add(generation ? QStringLiteral("egb batch 2") : QStringLiteral("egb batch 1"));
    add(model);
    add(settings.systemInstruction);
    if (generation) {
        add(settings.temperature ? QString::number(*settings.temperature, 'g', 17) : QString());
        add(settings.maxOutputTokens ? QString::number(*settings.maxOutputTokens) : QString());
    }
    for (qsizetype i = 0; i < prompts.size(); ++i) {
        add(prompts.at(i));
        if (i < promptModels.size() && !promptModels.at(i).isEmpty())
            add(QStringLiteral("model:") + promptModels.at(i));
    }
    return QString::fromLatin1(hash.result().toHex());
}

GenerateRequest BatchJob::requestFor(const QString& prompt, const QString& model, const BatchRunSettings& settings)
{
    GenerateRequest request =
        GenerateRequest::fromPrompt(prompt, model.isEmpty() ? GenerateRequest::defaultModel() : model);
    request.systemInstruction = settings.systemInstruction;
    request.generationConfig.temperature = settings.temperature;
    request.generationConfig.maxOutputTokens = settings.maxOutputTokens;
    return request;
}

BatchItem BatchJob::rowFromResult(int index, const QString& prompt, const BatchItemResult& result)
{
    BatchItem row;
    row.index = index;
    row.prompt = prompt;
    const bool ok = result.ok();
    row.status = ok ? BatchItem::Status::Ok : BatchItem::Status::Error;
    if (ok)
        row.text = result.response.text;
    row.attempts = int(result.attempts.size());
    if (!result.attempts.isEmpty())
        row.keyMasked = ApiKey::maskKeysIn(result.attempts.constLast().maskedKey);
    qint64 latency = 0;
    for (const AttemptRecord& a : result.attempts)
        latency += a.latencyMs;
    row.latencyMs = result.attempts.isEmpty() ? result.outcome.latencyMs : latency;
    row.usage = result.outcome.usage.totalTokens > 0 ? result.outcome.usage : result.response.usage;
    if (!ok) {
        QString error = result.errorMessage;
        const QString google = result.outcome.message;
        if (!google.isEmpty() && !error.contains(google))
            error = error.isEmpty() ? google : tr("%1 Google said: %2").arg(error, google);
        const QString note = AttemptSummary::note(result.attempts);
        if (!note.isEmpty())
            error += QStringLiteral(" (") + note + QStringLiteral(")");
        // A server may quote the key back in its message: a row never holds one.
        row.error = ApiKey::maskKeysIn(error.isEmpty() ? tr("The request failed.") : error);
        row.errorKind = Outcome::className(result.outcome.kind);
    }
    return row;
}

BatchJob::Started BatchJob::start(const Spec& spec, const QStringList& prompts, Mode mode)
{
    Started started;
    if (isRunning()) {
        started.error = tr("A batch is still running. Wait for it or cancel it first.");
        return started;
    }
    if (prompts.isEmpty()) {
        started.error = tr("There is nothing to send: give at least one prompt.");
        return started;
    }
    waitForSaves(); // nothing of an earlier run is being written while this one is set up
    BatchRun run;
    run.title = spec.title;
    run.model = spec.model.trimmed().isEmpty() ? GenerateRequest::defaultModel() : spec.model.trimmed();
    run.promptTemplate = spec.promptTemplate;
    run.concurrency = std::clamp(spec.concurrency, 1, BatchRunner::MaxConcurrency);
    run.settings = spec.settings;
    run.settings.fingerprint = fingerprint(prompts, run.model, run.settings, spec.promptModels);
    run.state = BatchRun::State::Running;

    m_prompts = prompts;
    m_promptModels = spec.promptModels;
    m_status.assign(size_t(prompts.size()), Pending);
    m_ok = m_failed = 0;
    m_unsaved.clear();
    m_saveProblem.clear();

    if (m_store && m_store->isOpen() && mode != Mode::New) {
        std::optional<BatchRun> previous = m_store->findRunByFingerprint(run.settings.fingerprint);
        // A run set aside (cancelled, or by Restart) is never taken up again.
        if (previous && previous->state == BatchRun::State::Cancelled)
            previous.reset();
        if (previous && mode == Mode::Restart) {
            m_store->setState(previous->id, BatchRun::State::Cancelled);
            started.setAsideRunId = previous->id;
            started.setAsideAnswered = previous->ok + previous->failed;
            started.setAsideTotal = previous->total;
            previous.reset();
        }
        if (previous) {
            const QList<BatchItem::Status> statuses = m_store->statuses(previous->id);
            // The fingerprint names the prompts; a run whose rows do not match them (damaged) is not taken up.
            if (statuses.size() == prompts.size()) {
                QList<int> failed;
                for (qsizetype i = 0; i < statuses.size(); ++i) {
                    if (statuses.at(i) == BatchItem::Status::Error && mode == Mode::RetryFailed)
                        failed.append(int(i));
                }
                if (!failed.isEmpty() && !m_store->resetItems(previous->id, failed))
                    m_saveProblem = m_store->lastError();
                for (qsizetype i = 0; i < statuses.size(); ++i) {
                    BatchItem::Status s = statuses.at(i);
                    if (failed.contains(int(i)) && m_saveProblem.isEmpty())
                        s = BatchItem::Status::Pending;
                    if (s == BatchItem::Status::Ok) {
                        m_status[size_t(i)] = Ok | Before;
                        ++m_ok;
                    } else if (s == BatchItem::Status::Error) {
                        m_status[size_t(i)] = Failed | Before;
                        ++m_failed;
                    }
                }
                started.resumed = true;
                started.retried = m_saveProblem.isEmpty() ? int(failed.size()) : 0;
                started.alreadyDone = m_ok + m_failed;
                const int concurrency = run.concurrency;
                run = *previous;
                run.concurrency = concurrency;
            }
        }
    }
    if (!started.resumed && m_store) {
        run.id = m_store->createRun(run, prompts);
        if (run.id == 0)
            m_saveProblem = m_store->lastError();
    }
    m_run = run;
    started.runId = m_run.id;
    return launch(started);
}

BatchJob::Started BatchJob::resumeRun(qint64 runId, bool retryFailed)
{
    Started started;
    if (isRunning()) {
        started.error = tr("A batch is still running. Wait for it or cancel it first.");
        return started;
    }
    const std::optional<BatchRun> run = m_store ? m_store->run(runId) : std::nullopt;
    if (!run) {
        started.error = tr("That batch could not be found in the database.");
        return started;
    }
    waitForSaves();
    const QList<BatchItem> items = m_store->items(runId);
    m_prompts.clear();
    m_promptModels.clear(); // a saved run keeps one model for every prompt
    m_prompts.reserve(items.size());
    m_status.assign(size_t(items.size()), Pending);
    m_ok = m_failed = 0;
    m_unsaved.clear();
    m_saveProblem.clear();
    QList<int> failed;
    for (const BatchItem& it : items) {
        m_prompts.append(it.prompt);
        if (it.status == BatchItem::Status::Error && retryFailed)
            failed.append(it.index);
    }
    if (!failed.isEmpty() && !m_store->resetItems(runId, failed)) {
        started.error = m_store->lastError();
        return started;
    }
    for (const BatchItem& it : items) {
        if (it.index < 0 || it.index >= int(m_status.size()) || failed.contains(it.index))
            continue;
        if (it.status == BatchItem::Status::Ok) {
            m_status[size_t(it.index)] = Ok | Before;
            ++m_ok;
        } else if (it.status == BatchItem::Status::Error) {
            m_status[size_t(it.index)] = Failed | Before;
            ++m_failed;
        }
    }
    m_run = *run;
    started.runId = runId;
    started.resumed = true;
    started.retried = int(failed.size());
    started.alreadyDone = m_ok + m_failed;
    return launch(started);
}

BatchJob::Started BatchJob::retryFailed()
{
    Started started;
    if (isRunning()) {
        started.error = tr("A batch is still running. Wait for it or cancel it first.");
        return started;
    }
    waitForSaves();
    QList<int> failed;
    for (size_t i = 0; i < m_status.size(); ++i) {
        if ((m_status[i] & StatusMask) == Failed)
            failed.append(int(i));
    }
    if (failed.isEmpty()) {
        started.error = tr("No prompt failed: there is nothing to send again.");
        return started;
    }
    if (saving() && !m_store->resetItems(m_run.id, failed)) {
        started.error = m_store->lastError();
        return started;
    }
    for (int i : failed) {
        m_status[size_t(i)] = Pending;
        --m_failed;
    }
    // The prompts with a result keep it; they count as "before" this launch.
    for (std::uint8_t& s : m_status) {
        if ((s & StatusMask) != Pending)
            s |= Before;
    }
    started.runId = m_run.id;
    started.resumed = true;
    started.retried = int(failed.size());
    started.alreadyDone = m_ok + m_failed;
    return launch(started);
}

BatchJob::Started BatchJob::launch(Started started)
{
    if (!m_pool) {
        started.error = tr("Batches are not available: there is no key pool.");
        return started;
    }
    if (m_runner)
        disconnect(m_runner.get(), nullptr, this, nullptr);
    m_runner = std::make_unique<BatchRunner>(m_pool, m_clientSettings, m_dispatcherSettings);
    m_runner->setConcurrency(m_run.concurrency);
    m_runner->setProgressInterval(m_progressIntervalMs);
    m_runner->setKeepResults(false);
    m_runner->setSkipPredicate([this](int index, const GenerateRequest&) {
        return index < 0 || size_t(index) >= m_status.size() || (m_status[size_t(index)] & StatusMask) != Pending;
    });
    connect(m_runner.get(), &BatchRunner::itemFinished, this, &BatchJob::onItemFinished);
    connect(m_runner.get(), &BatchRunner::progressChanged, this, &BatchJob::progressChanged);
    connect(m_runner.get(), &BatchRunner::finished, this,
            [this](const QList<BatchItemResult>&, bool cancelled) { onRunnerFinished(cancelled); });
    m_stopping = m_cancelling = false;
    if (saving()) {
        ensureSaver();
        setState(BatchRun::State::Running);
    }
    m_lastSave.invalidate();
    started.ok = true;
    m_runner->start(int(m_prompts.size()), [prompts = m_prompts, models = m_promptModels, model = m_run.model,
                                            settings = m_run.settings](int index) {
        const QString own = index < models.size() ? models.at(index) : QString();
        return requestFor(prompts.at(index), own.isEmpty() ? model : own, settings);
    });
    return started;
}

void BatchJob::ensureSaver()
{
    if (m_saver || !m_store || !m_store->isOpen())
        return;
    m_saver = std::make_unique<BatchResultSaver>(m_store->connectionName());
    if (!m_saver->isOpen()) {
        m_saver.reset(); // saved from the caller's thread instead
        return;
    }
    connect(m_saver.get(), &BatchResultSaver::saved, this, [this](qint64 runId, const QList<BatchItem>& rows) {
        if (runId != m_run.id)
            return;
        m_inSaver = std::max(0, m_inSaver - int(rows.size()));
        rowsCommitted(rows);
    });
    connect(m_saver.get(), &BatchResultSaver::saveFailed, this,
            [this](qint64 runId, const QList<BatchItem>& rows, const QString& message) {
                if (runId != m_run.id)
                    return;
                m_inSaver = std::max(0, m_inSaver - int(rows.size()));
                m_unsaved = rows + m_unsaved; // queued again with the next save
                m_saveProblem = message;
                Q_EMIT saveFailed(message);
            });
}

void BatchJob::onItemFinished(const BatchItemResult& result)
{
    if (result.skipped || result.index < 0 || size_t(result.index) >= m_status.size())
        return;
    if (result.outcome.kind == OutcomeClass::Cancelled)
        return; // not answered: stays pending, sent when the run is taken up again
    std::uint8_t& state = m_status[size_t(result.index)];
    if ((state & StatusMask) != Pending)
        return;
    const BatchItem row = rowFromResult(result.index, m_prompts.at(result.index), result);
    state = row.status == BatchItem::Status::Ok ? Ok : Failed;
    ++(row.status == BatchItem::Status::Ok ? m_ok : m_failed);
    Q_EMIT rowFinished(row);
    if (!saving()) {
        Q_EMIT rowsSaved({row});
        return;
    }
    m_unsaved.append(row);
    scheduleSave();
}

void BatchJob::scheduleSave()
{
    if (m_saveTimer.isActive())
        return;
    // At the next turn of the event loop, but at most one transaction per save interval: at thousands of answers
    // a second they are written together instead of one commit each.
    const qint64 since = m_lastSave.isValid() ? m_lastSave.elapsed() : m_saveIntervalMs;
    m_saveTimer.start(int(std::max<qint64>(0, m_saveIntervalMs - since)));
}

void BatchJob::saveNow()
{
    m_saveTimer.stop();
    m_lastSave.start();
    if (m_unsaved.isEmpty() || !saving())
        return;
    if (m_saver) {
        m_inSaver += int(m_unsaved.size());
        m_saver->save(m_run.id, std::exchange(m_unsaved, {}));
        return;
    }
    if (m_store->saveResults(m_run.id, m_unsaved)) {
        rowsCommitted(std::exchange(m_unsaved, {}));
    } else {
        m_saveProblem = m_store->lastError();
        Q_EMIT saveFailed(m_saveProblem);
    }
}

void BatchJob::rowsCommitted(const QList<BatchItem>& rows)
{
    if (m_unsaved.isEmpty() && m_inSaver == 0)
        m_saveProblem.clear();
    Q_EMIT rowsSaved(rows);
}

void BatchJob::waitForSaves()
{
    saveNow();
    if (!m_saver)
        return;
    m_saver->flush();
    // The saver's saved() / saveFailed() are queued to this thread: deliver them now.
    QCoreApplication::sendPostedEvents(m_saver.get(), QEvent::MetaCall);
}

void BatchJob::setState(BatchRun::State state)
{
    m_run.state = state;
    if (saving() && !m_store->setState(m_run.id, state))
        m_saveProblem = m_store->lastError();
}

void BatchJob::onRunnerFinished(bool cancelled)
{
    waitForSaves();
    if (m_cancelling)
        setState(BatchRun::State::Cancelled);
    else
        setState(pendingCount() == 0 ? BatchRun::State::Finished : BatchRun::State::Paused);
    m_stopping = m_cancelling = false;
    Q_EMIT finished(cancelled);
}

void BatchJob::setConcurrency(int n)
{
    n = std::clamp(n, 1, BatchRunner::MaxConcurrency);
    if (m_run.concurrency == n)
        return;
    m_run.concurrency = n;
    if (isRunning())
        m_runner->setConcurrency(n);
    if (saving())
        m_store->updateSettings(m_run);
}

void BatchJob::pause()
{
    if (!isRunning() || isPaused())
        return;
    m_runner->pause();
    waitForSaves();
    setState(BatchRun::State::Paused);
}

void BatchJob::resume()
{
    if (!isPaused())
        return;
    m_runner->resume();
    waitForSaves();
    setState(BatchRun::State::Running);
}

void BatchJob::cancel()
{
    if (!isRunning())
        return;
    m_cancelling = true;
    m_runner->cancel();
}

void BatchJob::stop()
{
    if (!isRunning())
        return;
    m_stopping = true;
    m_runner->cancel();
}

} // namespace egb
