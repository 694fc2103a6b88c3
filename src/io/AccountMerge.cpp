// SPDX-License-Identifier: Apache-2.0
#include "AccountMerge.h"

#include <string_view>
#include <unordered_map>

#include "AccountCsvReader.h"

namespace tessera::io {

namespace {

constexpr std::size_t kIdsListed = 20;

void note(std::vector<std::string>& ids, const std::string& id) {
    if (ids.size() < kIdsListed) {
        ids.push_back(id);
    }
}

}  // namespace

AccountMergeSummary mergeImportedAccounts(Project& project, AccountImportResult&& imported,
                                          bool partialList) {
    AccountMergeSummary summary;
    project.accountRejects = std::move(imported.rejects);
    project.accountRejectsHeader = std::move(imported.headerLine);

    if (project.accounts.empty()) {
        summary.added = imported.accounts.size();
        for (std::size_t i = 0; i < imported.accounts.size() && i < kIdsListed; ++i) {
            summary.addedIds.push_back(imported.accounts[i].id);
        }
        project.accounts = std::move(imported.accounts);
        project.accountArea.clear();
        return summary;
    }
    std::unordered_map<std::string_view, std::size_t> existing;
    existing.reserve(project.accounts.size());
    for (std::size_t i = 0; i < project.accounts.size(); ++i) {
        existing.emplace(project.accounts[i].id, i);
    }
    std::vector<bool> seen(project.accounts.size(), false);
    std::vector<Account> added;
    for (Account& account : imported.accounts) {
        const auto found = existing.find(account.id);
        if (found == existing.end()) {
            note(summary.addedIds, account.id);
            added.push_back(std::move(account));
            continue;
        }
        const std::size_t index = found->second;
        seen[index] = true;
        Account& current = project.accounts[index];
        account.locked = current.locked;  // the planner's, not the CRM's
        const bool wasRemoved = current.removed;
        account.removed = false;
        if (account == current) {
            ++summary.unchanged;
            continue;
        }
        if (wasRemoved) {
            ++summary.restored;
        }
        ++summary.changed;
        note(summary.changedIds, account.id);
        current = std::move(account);
    }
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i] || partialList) {
            continue;
        }
        Account& account = project.accounts[i];
        if (account.removed) {
            ++summary.stillRemoved;
        } else {
            account.removed = true;
            ++summary.removed;
            note(summary.removedIds, account.id);
        }
    }
    summary.added = added.size();
    project.accounts.reserve(project.accounts.size() + added.size());
    for (Account& account : added) {
        project.accounts.push_back(std::move(account));
    }
    project.accountArea.clear();  // stale: the caller assigns again
    return summary;
}

}  // namespace tessera::io
