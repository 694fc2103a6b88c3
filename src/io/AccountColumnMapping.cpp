// SPDX-License-Identifier: Apache-2.0
#include "AccountColumnMapping.h"

#include <limits>

namespace tessera::io {

std::string normalizeColumnName(std::string_view name) {
    std::string normalized;
    normalized.reserve(name.size());
    for (const char c : name) {
        if (c >= 'A' && c <= 'Z') {
            normalized.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            normalized.push_back(c);
        }
    }
    return normalized;
}

const std::vector<std::string_view>& accountFieldAliases(AccountField field) {
    // Normalised names. Includes the field names of common CRM exports: Salesforce ("Account
    // ID", "Billing Latitude"), HubSpot ("Record ID", "Company name", "Postal Code"), Dynamics
    // ("accountid", "Address 1: Latitude", "Address 1: ZIP/Postal Code").
    static const std::array<std::vector<std::string_view>, kAccountFieldCount> kAliases = {{
        /* Id */ {"accountid", "crmid", "id", "customerid", "customerno", "customernumber",
                  "recordid", "companyid", "accountnumber", "storeid", "storenumber", "storenum",
                  "siteid", "locationid"},
        /* Name */ {"name", "accountname", "company", "companyname", "customername", "customer"},
        /* Longitude */
        {"longitude", "lon", "lng", "long", "x", "billinglongitude", "shippinglongitude",
         "address1longitude"},
        /* Latitude */
        {"latitude", "lat", "y", "billinglatitude", "shippinglatitude", "address1latitude"},
        /* Potential */ {"potential", "salespotential", "marketpotential", "accountpotential"},
        /* Workload */ {"workload", "workloadhours", "hours", "hoursperyear", "effort"},
        /* Sales */ {"sales", "actualsales", "salesactual", "lastyearsales", "revenue"},
        /* PostalCode */
        {"postalcode", "postcode", "zip", "zipcode", "plz", "billingpostalcode", "billingzip",
         "billingzipcode", "billingzippostalcode", "zippostalcode", "shippingpostalcode",
         "shippingzippostalcode", "address1zippostalcode", "address1postalcode"},
        /* Segment */ {"segment", "industry", "accountsegment", "customersegment"},
        /* Owner */ {"owner", "accountowner", "ownername", "rep", "salesrep", "accountmanager"},
        /* RequiredSkill */ {"requiredskill", "skill"},
    }};
    return kAliases[static_cast<std::size_t>(field)];
}

std::string_view accountFieldLabel(AccountField field) {
    static constexpr std::array<std::string_view, kAccountFieldCount> kLabels = {
        "account ID", "name",        "longitude", "latitude", "potential",     "workload",
        "sales",      "postal code", "segment",   "owner",    "required skill"};
    return kLabels[static_cast<std::size_t>(field)];
}

AccountColumnMapping mapAccountColumns(const std::vector<std::string>& headers) {
    AccountColumnMapping mapping;
    mapping.headers.reserve(headers.size());
    std::vector<std::string> normalized;
    normalized.reserve(headers.size());
    for (const std::string& header : headers) {
        const std::size_t first = header.find_first_not_of(" \t");
        const std::size_t last = header.find_last_not_of(" \t");
        mapping.headers.push_back(first == std::string::npos
                                      ? "column " + std::to_string(mapping.headers.size() + 1)
                                      : header.substr(first, last - first + 1));
        normalized.push_back(normalizeColumnName(header));
    }
    std::vector<bool> used(headers.size(), false);
    for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
        const auto& aliases = accountFieldAliases(static_cast<AccountField>(f));
        std::size_t bestRank = std::numeric_limits<std::size_t>::max();
        std::optional<std::size_t> bestColumn;
        for (std::size_t c = 0; c < normalized.size(); ++c) {
            if (used[c]) {
                continue;
            }
            for (std::size_t rank = 0; rank < aliases.size() && rank < bestRank; ++rank) {
                if (normalized[c] == aliases[rank]) {
                    bestRank = rank;
                    bestColumn = c;
                    break;
                }
            }
        }
        if (bestColumn) {
            mapping.columnOfField[f] = bestColumn;
            used[*bestColumn] = true;
        }
    }
    for (std::size_t c = 0; c < headers.size(); ++c) {
        if (!used[c]) {
            mapping.customColumns.push_back(c);
        }
    }
    return mapping;
}

}  // namespace tessera::io
