// The error hierarchy's formatting: a database error's message names the native code, the
// statement and its parameters (unless hidden), so a log line alone explains the failure.
#include <retort/errors.hpp>

namespace retort {

DatabaseError::DatabaseError(Details details)
    : Error(format(details)), details_(std::move(details)) {}

std::string DatabaseError::format(const Details& d) {
    std::string text = d.message;
    if (!d.sqlstate.empty() || d.native_code != 0) {
        text += " (";
        if (!d.sqlstate.empty()) text += "SQLSTATE " + d.sqlstate;
        if (d.native_code != 0) {
            if (!d.sqlstate.empty()) text += ", ";
            text += "code " + std::to_string(d.native_code);
        }
        text += ')';
    }
    if (!d.sql.empty()) {
        text += "\n[SQL: " + d.sql + "]";
        if (d.parameters_hidden) {
            text += "\n[parameters hidden]";
        } else if (!d.parameters.empty()) {
            text += "\n[parameters: (";
            for (std::size_t i = 0; i < d.parameters.size(); ++i) {
                if (i) text += ", ";
                text += d.parameters[i];
            }
            text += ")]";
        }
    }
    return text;
}

}  // namespace retort
