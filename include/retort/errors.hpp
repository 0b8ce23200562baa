// The one error hierarchy of retort, shared by every layer.
// Bad input, compile refusals, database failures and pool exhaustion each have their own type.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace retort {

/// Base of every exception retort throws.
///
///     try { ... } catch (const retort::Error& e) { log(e.what()); }
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A call received an argument it cannot use: an unknown column name, an ambiguous join,
/// a malformed URL.
class ArgumentError : public Error {
  public:
    using Error::Error;
};

/// A statement cannot be rendered for the chosen dialect (an unsupported construct, a missing
/// renderer for a custom node kind, a bound parameter without a value).
class CompileError : public Error {
  public:
    using Error::Error;
};

/// A checkout waited `pool_timeout` seconds without a free connection.
class PoolTimeout : public Error {
  public:
    using Error::Error;
};

/// A connection, transaction or result was used in a state that forbids it (for example a
/// statement inside a transaction that must first be rolled back).
class InvalidRequestError : public Error {
  public:
    using Error::Error;
};

/// Result::one() found no row.
class NoResultFound : public InvalidRequestError {
public:
    using InvalidRequestError::InvalidRequestError;
};

/// Result::one() or one_or_none() found more than one row.
class MultipleResultsFound : public InvalidRequestError {
public:
    using InvalidRequestError::InvalidRequestError;
};

/// Any failure reported by the database or its driver. Carries the native code (SQLSTATE or
/// the driver's error number), the SQL text and the parameters unless the engine hides them.
class DatabaseError : public Error {
  public:
    struct Details {
        std::string message;   ///< the driver's message
        std::string sqlstate;  ///< five-character SQLSTATE when the driver reports one
        int native_code = 0;   ///< driver error number (sqlite3 extended code, MySQL errno)
        std::string sql;       ///< the statement that failed, if any
        std::vector<std::string> parameters;  ///< rendered parameters, empty when hidden
        bool parameters_hidden = false;
        bool retryable = false;  ///< serialization failure, deadlock, lock wait timeout
    };

    explicit DatabaseError(Details details);

    const Details& details() const noexcept { return details_; }
    const std::string& sqlstate() const noexcept { return details_.sqlstate; }
    int native_code() const noexcept { return details_.native_code; }
    const std::string& sql() const noexcept { return details_.sql; }
    const std::vector<std::string>& parameters() const noexcept { return details_.parameters; }
    /// True for failures a caller may retry as a whole transaction (serialization failures,
    /// deadlocks, lock wait timeouts).
    bool retryable() const noexcept { return details_.retryable; }

  private:
    static std::string format(const Details& details);
    Details details_;
};

/// Constraint violations: unique, foreign key, not-null, check.
class IntegrityError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

/// Failures of the database's operation that are not the statement's fault: lock timeouts,
/// deadlocks, serialization failures, out of disk, connection refused.
class OperationalError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

/// The connection to the server was lost; the pool invalidates the connection.
class DisconnectionError : public OperationalError {
  public:
    using OperationalError::OperationalError;
};

/// SQL syntax errors and references to objects that do not exist.
class ProgrammingError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

/// A value that does not fit: too long, out of range, malformed, or a NULL or a type mismatch
/// when reading a row into a C++ type.
class DataError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
    /// A client-side conversion failure (no server involved).
    explicit DataError(std::string message) : DatabaseError(details_for(std::move(message))) {}

  private:
    static Details details_for(std::string message) {
        Details d;
        d.message = std::move(message);
        return d;
    }
};

/// The database does not support what was asked.
class NotSupportedError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

/// Internal errors of the database or driver.
class InternalError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

}  // namespace retort
