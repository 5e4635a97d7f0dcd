#include "AttachmentUploader.h"

#include "AttachmentReader.h"
#include "CancelToken.h"
#include "Dispatcher.h"
#include "GeminiClient.h"
#include "KeyPool.h"

#include <QPointer>

#include <algorithm>

namespace egb {

namespace {

void forgetUpload(ChatAttachment& file)
{
    file.fileUri.clear();
    file.fileProject.clear();
    file.fileExpiresMs = 0;
}

} // namespace

QCoro::Task<AttachmentUploader::Plan> AttachmentUploader::prepare(Dispatcher* dispatcherIn, QList<ChatAttachment> files,
                                                                  qint64 nowMs, CancelToken* cancel,
                                                                  qint64 inlineBudget)
{
    Plan plan;
    QPointer<Dispatcher> dispatcher(dispatcherIn);
    // Files uploaded earlier that still live, all in one project (the first one's); the others go again.
    for (qsizetype i = 0; i < files.size(); ++i) {
        ChatAttachment& file = files[i];
        if (file.fileUri.isEmpty())
            continue;
        // Alive, and in a project the pool can still reach: a file whose project lost its keys (removed, disabled,
        // moved to another group) would hold every later turn until it expires.
        const bool live = file.fileExpiresMs > nowMs + ExpiryMarginMs &&
                          (!dispatcher || dispatcher->pool()->nextAvailableAtMs(QString(), file.fileProject) >= 0);
        if (live && (plan.project.isEmpty() || file.fileProject == plan.project)) {
            plan.project = file.fileProject;
            continue;
        }
        forgetUpload(file);
        plan.changed.append(i);
    }
    qint64 inlineBytes = 0;
    QList<qsizetype> candidates;
    for (qsizetype i = 0; i < files.size(); ++i) {
        if (files.at(i).fileUri.isEmpty()) {
            inlineBytes += files.at(i).data.size();
            candidates.append(i);
        }
    }
    // The largest first: the fewest uploads bring the request within the budget.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&files](qsizetype a, qsizetype b) { return files.at(a).data.size() > files.at(b).data.size(); });
    for (const qsizetype index : std::as_const(candidates)) {
        if (inlineBytes <= inlineBudget)
            break;
        if (!dispatcher || !dispatcher->client()) {
            plan.ok = false;
            plan.error = tr("The files cannot be uploaded: the app has no connection to Gemini.");
            break;
        }
        ChatAttachment& file = files[index];
        QPointer<GeminiClient> client = dispatcher->client();
        QPointer<CancelToken> token(cancel);
        KeyPool* pool = dispatcher->pool();
        auto uploadedBy = std::make_shared<QString>();
        const QString name = file.name;
        const QString mime = file.mimeType;
        const QByteArray data = file.data;
        auto op = [client, token, pool, uploadedBy, name, mime,
                   data](const KeyLease& lease, const AttemptContext& context) -> QCoro::Task<UploadResult> {
            if (!client) {
                UploadResult r;
                r.outcome = Outcome::failure(OutcomeClass::RequestError, 0,
                                             tr("No network client is set up for this dispatcher."));
                co_return r;
            }
            *uploadedBy = pool ? pool->projectOf(lease.id()) : QString();
            co_return co_await client->uploadFile(lease.secret(), name, mime, data, token.data(), context.timeLeftMs);
        };
        // Pinned to the project of the files already there: one request, one project.
        Dispatched<UploadResult> sent =
            co_await dispatcher->execute(std::move(op), cancel, QString(), nullptr, plan.project);
        if (!sent.ok()) {
            plan.ok = false;
            QString why = sent.errorMessage.isEmpty() ? sent.outcome.message : sent.errorMessage;
            plan.error = tr("%1 could not be uploaded to Gemini: %2").arg(name, why);
            break;
        }
        file.fileUri = sent.value.file.uri;
        file.fileProject = *uploadedBy;
        file.fileExpiresMs = sent.value.file.expiresMs > 0 ? sent.value.file.expiresMs : nowMs + AssumedLifetimeMs;
        if (file.mimeType.isEmpty())
            file.mimeType = sent.value.file.mimeType;
        plan.project = file.fileProject;
        plan.changed.append(index);
        ++plan.uploads;
        inlineBytes -= file.data.size();
    }
    if (plan.ok && inlineBytes > inlineBudget) {
        plan.ok = false;
        plan.error = tr("The files come to %1 inline, more than the %2 one request carries.")
                         .arg(AttachmentReader::sizeText(inlineBytes), AttachmentReader::sizeText(inlineBudget));
    }
    std::sort(plan.changed.begin(), plan.changed.end());
    plan.changed.erase(std::unique(plan.changed.begin(), plan.changed.end()), plan.changed.end());
    plan.files = std::move(files);
    co_return plan;
}

} // namespace egb
