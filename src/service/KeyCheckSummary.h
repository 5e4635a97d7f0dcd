#pragma once

#include <QCoreApplication>
#include <QString>

namespace egb {

/// How a round of key checks ended, in the words both faces use ("3 keys work, 1 rejected, 2 could not be checked
/// (server trouble)"). Server trouble (a 5xx, an unreachable service) says nothing about a key: it is counted apart
/// and the key's health is left alone.
struct KeyCheckSummary
{
    Q_DECLARE_TR_FUNCTIONS(egb::KeyCheckSummary)
public:
    int working = 0;       ///< answered: the key works
    int rejected = 0;      ///< Google refused the key (invalid, revoked, suspended, leaked)
    int rateLimited = 0;   ///< a valid key at its quota: it rests
    int serverTrouble = 0; ///< the service failed (5xx, network, a refused request): not the key's verdict
    int cancelled = 0;     ///< stopped before an answer

    int checked() const { return working + rejected + rateLimited + serverTrouble + cancelled; }
    int notWorking() const { return checked() - working; }
    /// "1 rejected, 1 rate-limited (resting), 2 could not be checked (server trouble), 1 not checked": the parts
    /// that are not zero, empty when every key works.
    QString details() const;
};

} // namespace egb
