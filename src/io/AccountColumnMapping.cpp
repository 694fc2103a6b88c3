// SPDX-License-Identifier: Apache-2.0
#include "AccountColumnMapping.h"

#include <algorithm>
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
    // Normalised names. Includes the field names of common CRM exports: Salesforce (API names
    // "Id", "BillingLatitude", "AnnualRevenue", "OwnerId" and labels "Account ID", "Billing
    // Latitude"), HubSpot ("Record ID", "Company name", "Street Address", "State/Region",
    // "Country/Region", "Postal Code", "Annual Revenue"), Dynamics 365 ("accountid",
    // "address1_line1", "address1_latitude", labels "Address 1: ZIP/Postal Code").
    static const std::array<std::vector<std::string_view>, kAccountFieldCount> kAliases = {{
        /* Id */ {"accountid", "crmid", "id", "customerid", "customerno", "customernumber",
                  "recordid", "companyid", "accountnumber", "storeid", "storenumber", "storenum",
                  "storenbr", "siteid", "locationid"},
        /* Name */
        {"name", "accountname", "company", "companyname", "customername", "customer", "storename",
         "sitename"},
        /* Longitude */
        {"longitude", "lon", "lng", "long", "x", "billinglongitude", "shippinglongitude",
         "address1longitude"},
        /* Latitude */
        {"latitude", "lat", "y", "billinglatitude", "shippinglatitude", "address1latitude"},
        /* Potential */
        {"potential", "salespotential", "marketpotential", "accountpotential", "annualrevenue",
         "revenue"},
        /* Workload */ {"workload", "workloadhours", "hours", "hoursperyear", "effort"},
        /* Sales */ {"sales", "actualsales", "salesactual", "lastyearsales", "revenue"},
        /* PostalCode */
        {"postalcode", "postcode", "zip", "zipcode", "plz", "billingpostalcode", "billingzip",
         "billingzipcode", "billingzippostalcode", "zippostalcode", "shippingpostalcode",
         "shippingzippostalcode", "address1zippostalcode", "address1postalcode"},
        /* Segment */
        {"segment", "industry", "accountsegment", "customersegment", "industrycode", "accounttype",
         "storetype", "typestore", "channel"},
        /* Owner */
        {"owner", "accountowner", "ownername", "rep", "salesrep", "accountmanager", "ownerid",
         "companyowner", "hubspotowner"},
        /* RequiredSkill */ {"requiredskill", "skill"},
        /* Street */
        {"street", "address", "streetaddress", "billingstreet", "shippingstreet", "address1line1",
         "address1street1", "addressline1", "address1", "streetaddr", "addr"},
        /* City */
        {"city", "town", "billingcity", "shippingcity", "address1city", "locality", "strcity"},
        /* State */
        {"state", "stateregion", "province", "stateorprovince", "billingstate",
         "billingstateprovince", "shippingstate", "address1stateorprovince",
         "address1stateprovince", "strstate"},
        /* Country */
        {"country", "countryregion", "countrycode", "billingcountry", "shippingcountry",
         "address1country", "address1countryregion"},
        /* VisitsPerYear */
        {"visitsperyear", "visits", "callsperyear", "calls", "visitfrequency", "callfrequency",
         "annualvisits"},
        /* MinutesPerVisit */
        {"minutespervisit", "visitminutes", "visitduration", "callduration", "minutespercall",
         "callminutes"},
    }};
    return kAliases[static_cast<std::size_t>(field)];
}

std::string_view accountFieldLabel(AccountField field) {
    static constexpr std::array<std::string_view, kAccountFieldCount> kLabels = {
        "account ID",
        "name",
        "longitude",
        "latitude",
        "potential",
        "workload",
        "sales",
        "postal code",
        "segment",
        "owner",
        "required skill",
        "street",
        "city",
        "state/region",
        "country",
        "visits per year",
        "minutes per visit"};
    return kLabels[static_cast<std::size_t>(field)];
}

std::string_view accountFieldKey(AccountField field) {
    static constexpr std::array<std::string_view, kAccountFieldCount> kKeys = {
        "id",    "name",        "longitude", "latitude",        "potential",        "workload",
        "sales", "postal_code", "segment",   "owner",           "required_skill",   "street",
        "city",  "state",       "country",   "visits_per_year", "minutes_per_visit"};
    return kKeys[static_cast<std::size_t>(field)];
}

std::optional<AccountField> parseAccountFieldKey(std::string_view key) {
    const std::string normalized = normalizeColumnName(key);
    for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
        if (normalizeColumnName(accountFieldKey(static_cast<AccountField>(f))) == normalized) {
            return static_cast<AccountField>(f);
        }
    }
    return std::nullopt;
}

bool isNumericField(AccountField field) {
    switch (field) {
        case AccountField::Longitude:
        case AccountField::Latitude:
        case AccountField::Potential:
        case AccountField::Workload:
        case AccountField::Sales:
        case AccountField::VisitsPerYear:
        case AccountField::MinutesPerVisit:
            return true;
        default:
            return false;
    }
}

bool isKeptAsCustom(AccountField field) {
    return static_cast<std::size_t>(field) >= static_cast<std::size_t>(AccountField::Street) &&
           field != AccountField::Count;
}

std::size_t AccountColumnMapping::mappedFieldCount() const {
    return static_cast<std::size_t>(
        std::count_if(columnOfField.begin(), columnOfField.end(),
                      [](const std::optional<std::size_t>& c) { return c.has_value(); }));
}

namespace {

void rebuildCustomColumns(AccountColumnMapping& mapping) {
    std::vector<bool> used(mapping.headers.size(), false);
    for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
        if (mapping.columnOfField[f] && !isKeptAsCustom(static_cast<AccountField>(f))) {
            used[*mapping.columnOfField[f]] = true;
        }
    }
    mapping.customColumns.clear();
    for (std::size_t c = 0; c < mapping.headers.size(); ++c) {
        if (!used[c]) {
            mapping.customColumns.push_back(c);
        }
    }
}

}  // namespace

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
    rebuildCustomColumns(mapping);
    return mapping;
}

std::string listColumns(const std::vector<std::string>& headers) {
    std::string list;
    for (const std::string& header : headers) {
        if (!list.empty()) {
            list += ", ";
        }
        list += "\"" + header + "\"";
    }
    return list;
}

Result<AccountColumnMapping> applyFieldChoices(AccountColumnMapping mapping,
                                               const std::vector<FieldChoice>& choices,
                                               const std::string& sourceName) {
    for (const FieldChoice& choice : choices) {
        const auto f = static_cast<std::size_t>(choice.field);
        if (normalizeColumnName(choice.header).empty()) {
            mapping.columnOfField[f].reset();
            continue;
        }
        const std::string wanted = normalizeColumnName(choice.header);
        std::optional<std::size_t> column;
        for (std::size_t c = 0; c < mapping.headers.size() && !column; ++c) {
            if (normalizeColumnName(mapping.headers[c]) == wanted) {
                column = c;
            }
        }
        for (std::size_t c = 0; c < mapping.headers.size() && !column; ++c) {
            if (normalizeColumnName("column " + std::to_string(c + 1)) == wanted) {
                column = c;
            }
        }
        if (!column) {
            return fail(ErrorCode::InvalidArgument,
                        "the mapping puts column \"" + choice.header + "\" into the " +
                            std::string(accountFieldLabel(choice.field)) +
                            ", but the file has no such column. Columns found: " +
                            listColumns(mapping.headers) +
                            ". Correct the mapping (or write \"column N\" for the N-th column).",
                        sourceName);
        }
        for (auto& other : mapping.columnOfField) {
            if (other == column) {
                other.reset();
            }
        }
        mapping.columnOfField[f] = column;
    }
    rebuildCustomColumns(mapping);
    return mapping;
}

}  // namespace tessera::io
