#pragma once

#include "ConversationStore.h"
#include "GenerateRequest.h"

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QList>
#include <QString>

namespace egb {

class CancelToken;
class Dispatcher;

/// Fits a request's files into what one request carries: small files go inline; when the inline bytes would pass
/// `inlineBudget`, the largest go through the Files API instead (uploaded once, then named by their URI in every
/// turn while they live). An uploaded file belongs to the project of the key that uploaded it, so every file of a
/// request is kept in one project and the request must go there (Plan::project, for GenerateRequest::project).
/// What the Chat page and `egb chat` both do.
class AttachmentUploader
{
    Q_DECLARE_TR_FUNCTIONS(AttachmentUploader)
public:
    /// A file uploaded within this long of its expiry is uploaded again rather than trusted for one more turn.
    static constexpr qint64 ExpiryMarginMs = 60 * 60 * 1000;
    /// How long Google keeps a file when it does not say (GEMINI_API.md: 48 h), less a margin.
    static constexpr qint64 AssumedLifetimeMs = 47LL * 60 * 60 * 1000;

    struct Plan
    {
        bool ok = true;
        QString error;               ///< translated, says what happened and what to do
        QString project;             ///< where the request must go ("" = any key)
        QList<ChatAttachment> files; ///< the input with file URIs set, cleared where expired or elsewhere
        QList<qsizetype> changed;    ///< indices of `files` whose upload state changed (to be saved)
        int uploads = 0;             ///< files uploaded by this call
    };

    /// `files`: every file the request will carry, in order. Uploads through `dispatcher` (its pool and client)
    /// as described above; `nowMs` decides what has expired, and an upload whose project no longer has a usable
    /// key counts as gone. A failed upload ends the plan with its reason.
    static QCoro::Task<Plan> prepare(Dispatcher* dispatcher, QList<ChatAttachment> files, qint64 nowMs,
                                     CancelToken* cancel = nullptr,
                                     qint64 inlineBudget = GenerateRequest::MaxInlineBytes);
};

} // namespace egb
