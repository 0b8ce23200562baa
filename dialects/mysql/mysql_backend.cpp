// The mysql backend for the engine's registry (mysql:// and mariadb:// URLs), plus the parts
// of the driver that need no libmariadb: error-number mapping and server-version parsing.
#include <retort/dialects/mysql_backend.hpp>

#include <charconv>

#include "mysql_driver.hpp"

namespace retort {

namespace mysql {

[[noreturn]] void throw_error(DatabaseError::Details d) {
    switch (d.native_code) {
        // Constraint violations.
        case 1062:  // ER_DUP_ENTRY
        case 1586:  // ER_DUP_ENTRY_WITH_KEY_NAME
        case 1169:  // ER_DUP_UNIQUE
        case 1451:  // ER_ROW_IS_REFERENCED_2
        case 1452:  // ER_NO_REFERENCED_ROW_2
        case 1216:  // ER_NO_REFERENCED_ROW
        case 1217:  // ER_ROW_IS_REFERENCED
        case 1048:  // ER_BAD_NULL_ERROR
        case 1364:  // ER_NO_DEFAULT_FOR_FIELD
        case 1263:  // ER_WARN_NULL_TO_NOTNULL
        case 3819:  // MySQL ER_CHECK_CONSTRAINT_VIOLATED
        case 4025:  // MariaDB ER_CONSTRAINT_FAILED
        case 1557:  // ER_FOREIGN_DUPLICATE_KEY
            throw IntegrityError(std::move(d));
        // Values that do not fit.
        case 1406:  // ER_DATA_TOO_LONG
        case 1264:  // ER_WARN_DATA_OUT_OF_RANGE
        case 1366:  // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
        case 1292:  // ER_TRUNCATED_WRONG_VALUE
        case 1265:  // WARN_DATA_TRUNCATED
        case 1367:  // ER_ILLEGAL_VALUE_FOR_TYPE
        case 1365:  // ER_DIVISION_BY_ZERO
        case 1690:  // ER_DATA_OUT_OF_RANGE
        case 1411:  // ER_WRONG_VALUE_FOR_TYPE
        case 1441:  // ER_DATETIME_FUNCTION_OVERFLOW
        case 3140:  // MySQL ER_INVALID_JSON_TEXT
        case 4038:  // MariaDB ER_JSON_SYNTAX
            throw DataError(std::move(d));
        // The SQL names something wrong.
        case 1064:  // ER_PARSE_ERROR
        case 1146:  // ER_NO_SUCH_TABLE
        case 1054:  // ER_BAD_FIELD_ERROR
        case 1049:  // ER_BAD_DB_ERROR
        case 1050:  // ER_TABLE_EXISTS_ERROR
        case 1051:  // ER_BAD_TABLE_ERROR
        case 1060:  // ER_DUP_FIELDNAME
        case 1061:  // ER_DUP_KEYNAME
        case 1091:  // ER_CANT_DROP_FIELD_OR_KEY
        case 1052:  // ER_NON_UNIQ_ERROR
        case 1109:  // ER_UNKNOWN_TABLE
        case 1110:  // ER_FIELD_SPECIFIED_TWICE
        case 1305:  // ER_SP_DOES_NOT_EXIST
        case 1210:  // ER_WRONG_ARGUMENTS
        case 1149:  // ER_SYNTAX_ERROR
        case 1066:  // ER_NONUNIQ_TABLE
        case 1241:  // ER_OPERAND_COLUMNS
        case 1242:  // ER_SUBQUERY_NO_1_ROW
        case 1582:  // ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT
        case 1630:  // ER_FUNC_INEXISTENT_NAME_COLLISION
            throw ProgrammingError(std::move(d));
        // The connection is gone: the pool drops it.
        case 2006:  // CR_SERVER_GONE_ERROR
        case 2013:  // CR_SERVER_LOST
        case 2055:  // CR_SERVER_LOST_EXTENDED
        case 1927:  // ER_CONNECTION_KILLED
        case 4031:  // MySQL ER_CLIENT_INTERACTION_TIMEOUT
        case 1053:  // ER_SERVER_SHUTDOWN
        case 2048:  // CR_INVALID_CONN_HANDLE
        case 2056:  // CR_STMT_CLOSED (its connection was closed)
            throw DisconnectionError(std::move(d));
        // Lock contention: the whole transaction may be retried.
        case 1205:  // ER_LOCK_WAIT_TIMEOUT
        case 1213:  // ER_LOCK_DEADLOCK
        case 3572:  // MySQL ER_LOCK_NOWAIT
        case 1969:  // MariaDB ER_STATEMENT_TIMEOUT
            d.retryable = d.native_code != 1969;
            throw OperationalError(std::move(d));
        case 1045:  // ER_ACCESS_DENIED_ERROR
        case 1044:  // ER_DBACCESS_DENIED_ERROR
        case 1040:  // ER_CON_COUNT_ERROR
        case 1203:  // ER_TOO_MANY_USER_CONNECTIONS
        case 2002:  // CR_CONNECTION_ERROR
        case 2003:  // CR_CONN_HOST_ERROR
        case 2005:  // CR_UNKNOWN_HOST
        case 1021:  // ER_DISK_FULL
        case 1114:  // ER_RECORD_FILE_FULL
        case 1317:  // ER_QUERY_INTERRUPTED
        case 3024:  // MySQL ER_QUERY_TIMEOUT
            throw OperationalError(std::move(d));
        case 1235:  // ER_NOT_SUPPORTED_YET
        case 1178:  // ER_CHECK_NOT_IMPLEMENTED
        case 1286:  // ER_UNKNOWN_STORAGE_ENGINE
        case 1289:  // ER_FEATURE_DISABLED
            throw NotSupportedError(std::move(d));
        default:
            break;
    }
    // Otherwise by SQLSTATE class, the way the standard groups failures.
    const std::string_view state = d.sqlstate;
    if (state.starts_with("23")) throw IntegrityError(std::move(d));
    if (state.starts_with("22")) throw DataError(std::move(d));
    if (state.starts_with("42")) throw ProgrammingError(std::move(d));
    if (state.starts_with("0A")) throw NotSupportedError(std::move(d));
    if (state.starts_with("08")) throw OperationalError(std::move(d));
    if (state.starts_with("40")) {
        d.retryable = true;
        throw OperationalError(std::move(d));
    }
    // Client-side errors (2000-2999) that are not listed above concern the connection.
    if (d.native_code >= 2000 && d.native_code < 3000) throw OperationalError(std::move(d));
    throw DatabaseError(std::move(d));
}

MySqlDialectOptions parse_server_version(std::string_view version) {
    MySqlDialectOptions o;
    o.major = o.minor = o.patch = 0;
    // Old MariaDB servers prefix "5.5.5-" so that MySQL 5 clients accept them.
    if (version.starts_with("5.5.5-")) version.remove_prefix(6);
    for (std::size_t i = 0; i + 7 <= version.size(); ++i) {
        auto part = version.substr(i, 7);
        if ((part[0] == 'M' || part[0] == 'm') &&
            (part.substr(1) == "ariaDB" || part.substr(1) == "ariadb"))
            o.mariadb = true;
    }
    int* parts[] = {&o.major, &o.minor, &o.patch};
    const char* p = version.data();
    const char* end = version.data() + version.size();
    for (int i = 0; i < 3 && p < end; ++i) {
        auto [next, ec] = std::from_chars(p, end, *parts[i]);
        if (ec != std::errc{}) break;
        p = next;
        if (p == end || *p != '.') break;
        ++p;
    }
    return o;
}

}  // namespace mysql

DatabaseBackend mysql_backend() {
    DatabaseBackend b;
    b.name = "mysql";
    b.schemes = {"mysql", "mariadb"};
    b.connect = [](const Url& url,
                   const DriverOptions& options) -> std::unique_ptr<DriverConnection> {
#if defined(RETORT_HAVE_MARIADB)
        return mysql::connect(url, options);
#else
        (void)url;
        (void)options;
        DatabaseError::Details d;
        d.message = "retort was built without libmariadb; install libmariadb-dev and rebuild";
        throw NotSupportedError(std::move(d));
#endif
    };
    b.dialect = [](const Url& url) -> std::shared_ptr<const Dialect> {
        // Static dialects: a shared_ptr that owns nothing.
        const Dialect& d = url.backend() == "mariadb" ? mariadb_dialect() : mysql_dialect();
        return std::shared_ptr<const Dialect>(std::shared_ptr<const Dialect>{}, &d);
    };
    b.reflect = [](DriverConnection& connection, const ReflectionRequest& request) {
        return mysql::reflect(connection, request);
    };
    b.table_names = [](DriverConnection& connection, const std::string& schema) {
        return mysql::table_names(connection, schema);
    };
    b.default_pool = [](const Url&) { return PoolKind::Queue; };
    return b;
}

}  // namespace retort
