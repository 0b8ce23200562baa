// Connection: the execute path (recently-used statement shortcut, compiled cache, prepared
// statement cache, events and echo), executemany with multi-row VALUES batching, transactions'
// failure rules, invalidation on disconnect, and reflection.
#include <retort/compiler/compile_hooks.hpp>
#include <retort/engine/connection.hpp>
#include <retort/errors.hpp>

#include "engine_state.hpp"

#include <chrono>
#include <optional>
#include <set>

namespace retort {

namespace {
constexpr std::size_t kRecentStatements = 4;
constexpr std::size_t kMaxBatchParameters = 32767;
constexpr std::size_t kExecuteManyChunk = 256;

std::string describe_parameters(const BoundStatement& bound, bool hidden) {
    if (bound.parameters.empty()) return "()";
    if (hidden) return "[parameters hidden]";
    std::string out = "(";
    for (std::size_t i = 0; i < bound.parameters.size(); ++i) {
        if (i) out += ", ";
        out += bound.parameters[i]->to_display_string(100);
    }
    return out + ")";
}

std::string format_duration(std::chrono::nanoseconds d) {
    char buf[32];
    auto ns = static_cast<double>(d.count());
    if (ns < 1e3)
        std::snprintf(buf, sizeof buf, "%.0f ns", ns);
    else if (ns < 1e6)
        std::snprintf(buf, sizeof buf, "%.1f us", ns / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.2f ms", ns / 1e6);
    return buf;
}
}  // namespace

// --- ConnectionState

ConnectionState::~ConnectionState() {
    // Unread results released their statements already (they hold this state alive); the pool
    // rolls back an open transaction when the connection returns.
    recent.clear();
    // A handle dropped without close(): the isolation level goes back to the engine's, as in
    // close(), so the next user of the pooled connection does not inherit it.
    if (pooled && !closed && record().isolation_changed) {
        try {
            driver().set_isolation_level(engine->options.isolation_level);
            record().isolation_changed = false;
        } catch (...) {
            pooled.invalidate("could not restore the isolation level");
        }
    }
}

void ConnectionState::check_usable() const {
    if (closed) throw InvalidRequestError("this Connection is closed");
    if (invalidated)
        throw InvalidRequestError(
            "this Connection was invalidated after a lost connection; close it and "
            "connect again");
    if (failed_depth > 0)
        throw InvalidRequestError(
            "this Connection's transaction must be rolled back before new statements: a statement "
            "failed "
            "inside it (" +
            failure + "); call rollback() on the Transaction (or its savepoint)");
}

void ConnectionState::on_error(const std::exception& error, std::string_view sql) {
    bool disconnect = dynamic_cast<const DisconnectionError*>(&error) != nullptr;
    if (disconnect) {
        // A lost connection usually means a server restart: every older connection is dead too.
        invalidated = true;
        pooled.invalidate(error.what(), true);
    } else if (depth > 0) {
        failed_depth = depth;
        failure = error.what();
        auto cut = failure.find('\n');  // the first line; the SQL is in the original error
        if (cut != std::string::npos) failure.resize(cut);
    }
    if (engine->events.active()) engine->events.handle_error(ErrorEvent{sql, error, disconnect});
}

// --- ResultState

void ResultState::release() noexcept {
    if (connection && !finished) std::erase(connection->open_results, this);
    if (statement_handle) {
        statement_handle->reset();
        if (connection && connection->pooled)
            connection->record().statements.release(statement_handle);
        statement_handle = nullptr;
    }
    if (private_statement) {
        private_statement->reset();
        private_statement.reset();
    }
    cursor = nullptr;
    finished = true;
}

void ResultState::recycle() noexcept {
    release();
    statement.reset();
    parameters = Parameters{};
    returns_rows = false;
    rowcount = -1;
    lastrowid.reset();
    inserted_primary_key.clear();
    primary_key_computed = false;
    buffered.clear();
    buffered_next = 0;
    use_buffer = false;
    current = Row();
}

// --- Connection

Connection::Connection(std::shared_ptr<ConnectionState> state) : state_(std::move(state)) {}

namespace {
ConnectionState& require(const std::shared_ptr<ConnectionState>& state) {
    if (!state)
        throw InvalidRequestError(
            "this Connection handle is empty; get one from Engine::connect()");
    return *state;
}

std::shared_ptr<ResultState> take_result_state(const std::shared_ptr<ConnectionState>& st) {
    // Reuse the previous result's state (and its vectors' capacity) when nobody holds it.
    std::shared_ptr<ResultState> rs;
    if (st->spare_result && st->spare_result.use_count() == 1) {
        rs = st->spare_result;
        rs->recycle();
    } else {
        rs = std::make_shared<ResultState>();
        st->spare_result = rs;
    }
    rs->connection = st;
    return rs;
}

/// Until a Result owns it, a result state taken from the connection must not keep the
/// connection alive: the connection keeps it as its spare, a cycle nothing would free (and the
/// connection would never return to the pool) when execution throws.
struct ResultStateGuard {
    std::shared_ptr<ResultState>& rs;
    ~ResultStateGuard() {
        if (rs) rs->connection.reset();
    }
};

/// Builds the result's metadata from the compiled form when it describes the cursor's columns,
/// otherwise from the cursor's own column names (text()).
void describe_columns(ResultState& rs) {
    const auto& declared = rs.form->result_columns();
    // The same compiled form again (a point select in a loop): its declared columns are what
    // the metadata already says.
    if (rs.metadata && rs.described_form == rs.form && !declared.empty()) return;
    const std::size_t n = rs.cursor->column_count();
    if (rs.metadata && rs.metadata->names.size() == n) {
        bool same = declared.size() == n;
        for (std::size_t i = 0; same && i < n; ++i)
            same = rs.metadata->names[i] == declared[i].name;
        if (same) {  // reused from the previous execution of this shape
            rs.described_form = rs.form;
            return;
        }
    }
    auto metadata = std::make_shared<ResultMetadata>();
    metadata->names.reserve(n);
    metadata->types.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (declared.size() == n) {
            metadata->names.push_back(declared[i].name);
            metadata->types.push_back(declared[i].type);
        } else {
            metadata->names.emplace_back(rs.cursor->column_name(i));
            metadata->types.emplace_back();
        }
    }
    rs.metadata = std::move(metadata);
    if (declared.size() == n)
        rs.described_form = rs.form;
    else
        rs.described_form.reset();
}
}  // namespace

/// Prepares (through the cache) and runs the bound statement of `rs`, with events, echo and
/// the failure rules.
static void run_bound(ConnectionState& st, ResultState& rs, bool cached) {
    EngineImpl& e = *st.engine;
    ConnectionRecord& record = st.record();
    DriverConnection& driver = *record.driver;
    std::string_view sql = rs.bound.sql();
    const bool observe = e.events.active() || e.options.echo;
    std::chrono::steady_clock::time_point started;
    if (observe) {
        if (e.options.echo) {
            e.log(sql);
            e.log(std::string(cached ? "[cached] " : "[compiled] ") +
                  describe_parameters(rs.bound, e.options.hide_parameters));
        }
        if (e.events.active())
            e.events.before_execute(ExecuteEvent{sql, &rs.bound, 1, cached, {}, -1});
        started = std::chrono::steady_clock::now();
    }
    try {
        DriverStatement* handle = nullptr;
        if (!rs.bound.expanded)
            handle = record.statements.get(driver, sql, rs.form.get(), rs.form);
        else
            handle = record.statements.get(driver, sql, nullptr, nullptr);
        if (handle) {
            rs.statement_handle = handle;
        } else {
            rs.private_statement = driver.prepare(sql, rs.form.get());
            handle = rs.private_statement.get();
        }
        rs.cursor = &handle->execute(rs.bound);
    } catch (const DatabaseError& error) {
        rs.release();
        st.on_error(error, sql);
        throw;
    }
    rs.finished = false;
    st.open_results.push_back(&rs);
    rs.returns_rows = rs.cursor->column_count() > 0 && !rs.form->implicit_returning();
    if (rs.returns_rows) {
        describe_columns(rs);
        rs.current = Row(rs.metadata, rs.cursor);
    } else {
        if (rs.form->implicit_returning()) {
            // The generated key comes back as a row the user did not ask for.
            try {
                if (rs.cursor->next() && !rs.cursor->is_null(0))
                    rs.lastrowid = rs.cursor->get_int64(0);
                while (rs.cursor->next()) {
                }
            } catch (const DatabaseError& error) {
                rs.release();
                st.on_error(error, sql);
                throw;
            }
        }
        rs.rowcount = rs.cursor->rows_affected();
        if (!rs.form->implicit_returning()) rs.lastrowid = rs.cursor->last_insert_id();
        rs.release();
    }
    if (observe) {
        auto took = std::chrono::steady_clock::now() - started;
        if (e.options.echo) e.log("[took " + format_duration(took) + "]");
        if (e.events.active())
            e.events.after_execute(ExecuteEvent{sql, &rs.bound, 1, cached, took, rs.rowcount});
    }
}

Result Connection::execute(const Statement& statement, Parameters parameters) {
    auto& st = require(state_);
    st.check_usable();
    EngineImpl& e = *st.engine;
    const Dialect& dialect = e.dialect();
    auto rs = take_result_state(state_);
    ResultStateGuard guard{rs};
    rs->statement = statement.node();
    rs->parameters = std::move(parameters);
    const Parameters* params = rs->parameters.empty() ? nullptr : &rs->parameters;

    // Executing the very same statement object again needs neither a gather walk nor a cache
    // lookup: the node is immutable.
    RecentStatement* recent = nullptr;
    for (auto& r : st.recent)
        if (r.node.get() == statement.node().get() && &r.form->dialect() == &dialect) recent = &r;
    bool cached = true;
    const std::uint64_t hooks_generation = detail::compile_hooks_generation();
    if (recent && recent->ready && recent->hooks_generation == hooks_generation &&
        !recent->form->shaped_by_parameters()) {
        rs->form = recent->form;
        rs->form->bind(recent->binds.data(), recent->binds.size(), params, rs->bound);
    } else {
        GatherContext context;
        CompileOptions options;
        options.parameters = params;
        options.implicit_returning = dialect.capabilities().implicit_returning;
        auto misses = e.cache.stats().misses;
        rs->form = e.cache.lookup_or_compile(statement, dialect, context, options);
        cached = e.options.echo ? e.cache.stats().misses == misses : true;
        rs->form->bind(context.binds(), context.bind_count(), params, rs->bound);
        if (recent) {
            // Seen twice: worth remembering the binds for the next time.
            recent->form = rs->form;
            recent->binds.assign(context.binds(), context.binds() + context.bind_count());
            recent->ready = true;
            recent->hooks_generation = hooks_generation;
        } else {
            if (st.recent.size() == kRecentStatements) st.recent.pop_back();
            st.recent.insert(
                st.recent.begin(),
                RecentStatement{statement.node(), rs->form, {}, false, hooks_generation});
        }
    }
    if (st.depth > 0) st.record().needs_reset = true;
    run_bound(st, *rs, cached);
    return Result(std::move(rs));
}

namespace {
/// The text of a multi-row INSERT for `rows` rows, built from a single-row form by repeating its
/// VALUES tuple, and the order in which each row's slots feed the parameters.
struct BatchPlan {
    std::string sql;
    std::vector<std::uint32_t> prefix_slots, row_slots, suffix_slots;
};

BatchPlan plan_batch(const CompiledForm& form, std::size_t rows) {
    BatchPlan plan;
    const std::string& sql = form.sql();
    auto [begin, end] = form.values_tuple();
    const Dialect& d = form.dialect();
    std::size_t number = 0;
    std::size_t position = 0;
    auto copy_until = [&](std::size_t stop) {
        plan.sql.append(sql, position, stop - position);
        position = stop;
    };
    // Sites before, inside and after the tuple.
    std::vector<const PlaceholderSite*> inside;
    for (const auto& site : form.sites()) {
        if (site.offset < begin) {
            copy_until(site.offset);
            d.append_placeholder(plan.sql, ++number, form.slots()[site.slot].name);
            position = site.offset + site.length;
            plan.prefix_slots.push_back(site.slot);
        } else if (site.offset < end) {
            inside.push_back(&site);
            plan.row_slots.push_back(site.slot);
        }
    }
    copy_until(begin);
    for (std::size_t r = 0; r < rows; ++r) {
        if (r) plan.sql += ", ";
        std::size_t p = begin;
        for (const auto* site : inside) {
            plan.sql.append(sql, p, site->offset - p);
            d.append_placeholder(plan.sql, ++number, form.slots()[site->slot].name);
            p = site->offset + site->length;
        }
        plan.sql.append(sql, p, end - p);
    }
    position = end;
    for (const auto& site : form.sites()) {
        if (site.offset < end) continue;
        copy_until(site.offset);
        d.append_placeholder(plan.sql, ++number, form.slots()[site.slot].name);
        position = site.offset + site.length;
        plan.suffix_slots.push_back(site.slot);
    }
    copy_until(sql.size());
    return plan;
}
}  // namespace

namespace {
/// Executemany of at least this many rows tries the driver's bulk path: below it, COPY's extra
/// round trip costs more than it saves.
constexpr std::size_t kBulkInsertMinRows = 200;
/// Rows per bulk load, so the bound rows held at once stay bounded.
constexpr std::size_t kBulkInsertChunk = 10000;

/// For `INSERT INTO t (a, b) VALUES (p1, p2)` with nothing else around it (no WITH, prefix,
/// upsert or RETURNING) and only parameters in VALUES: `t (a, b)` and the parameter slots in
/// column order. Otherwise nullopt.
std::optional<std::pair<std::string, std::vector<std::uint32_t>>> plain_insert(
    const CompiledForm& form) {
    constexpr std::string_view head = "INSERT INTO ";
    constexpr std::string_view values = " VALUES ";
    const std::string_view sql = form.sql();
    const auto [begin, end] = form.values_tuple();
    if (!form.is_single_row_insert() || form.has_expanding() || end != sql.size() ||
        !sql.starts_with(head) || begin < head.size() + values.size() ||
        sql.substr(begin - values.size(), values.size()) != values)
        return std::nullopt;
    std::string tuple = "(";
    std::vector<std::uint32_t> order;
    for (const auto& site : form.sites()) {
        if (site.offset < begin || site.offset >= end) return std::nullopt;
        if (!order.empty()) tuple += ", ";
        tuple += sql.substr(site.offset, site.length);
        order.push_back(site.slot);
    }
    tuple += ')';
    if (tuple != sql.substr(begin, end - begin)) return std::nullopt;
    return std::pair{std::string(sql.substr(head.size(), begin - values.size() - head.size())),
                     std::move(order)};
}
}  // namespace

Result Connection::execute(const Statement& statement, const std::vector<Parameters>& sets) {
    auto& st = require(state_);
    if (sets.empty())
        throw ArgumentError("execute() with a list of parameter sets needs at least one set");
    if (sets.size() == 1) return execute(statement, sets.front());
    st.check_usable();
    EngineImpl& e = *st.engine;
    const Dialect& dialect = e.dialect();
    GatherContext context;
    CompileOptions options;
    options.parameters = &sets.front();
    auto form = e.cache.lookup_or_compile(statement, dialect, context, options);
    const BindParameterNode* const* binds = context.binds();
    const std::size_t bind_count = context.bind_count();
    if (st.depth > 0) st.record().needs_reset = true;

    auto rs = take_result_state(state_);
    ResultStateGuard guard{rs};
    rs->statement = statement.node();
    rs->form = form;
    DriverConnection& driver = st.driver();
    const bool observe = e.events.active() || e.options.echo;
    auto started = std::chrono::steady_clock::now();
    std::string_view logged_sql = form->sql();

    try {
        if (form->returns_rows()) {
            // RETURNING: one execution per set, rows collected in parameter order.
            std::int64_t total = 0;
            std::shared_ptr<ResultMetadata> metadata;
            for (const auto& set : sets) {
                form->bind(binds, bind_count, &set, rs->bound);
                DriverStatement* handle =
                    st.record().statements.get(driver, rs->bound.sql(), nullptr, nullptr);
                std::unique_ptr<DriverStatement> own;
                if (!handle) {
                    own = driver.prepare(rs->bound.sql(), form.get());
                    handle = own.get();
                }
                struct Release {
                    ConnectionState& st;
                    DriverStatement* handle;
                    bool cached;
                    ~Release() {
                        handle->reset();
                        if (cached) st.record().statements.release(handle);
                    }
                } release{st, handle, own == nullptr};
                DriverCursor& cursor = handle->execute(rs->bound);
                if (!metadata) {
                    rs->cursor = &cursor;
                    describe_columns(*rs);
                    metadata = rs->metadata;
                    rs->cursor = nullptr;
                }
                while (cursor.next()) {
                    std::vector<Value> values;
                    values.reserve(metadata->names.size());
                    for (std::size_t i = 0; i < metadata->names.size(); ++i)
                        values.push_back(
                            cursor.is_null(i) ? Value{} : cursor.get_value(i, metadata->types[i]));
                    rs->buffered.emplace_back(metadata, std::move(values));
                }
                std::int64_t n = cursor.rows_affected();
                total += n > 0 ? n : 0;
            }
            rs->metadata = metadata;
            rs->returns_rows = true;
            rs->use_buffer = true;
            rs->finished = false;
            rs->rowcount = total;
        } else if (form->is_single_row_insert() && dialect.capabilities().batch_insert_values &&
                   !form->has_expanding()) {
            // A plain INSERT of many rows takes the driver's bulk path when it has one (COPY on
            // PostgreSQL); otherwise insertmanyvalues: many rows per statement, bounded in rows
            // and parameters.
            std::size_t bulk_done = 0;  // rows loaded through the bulk path
            std::int64_t bulk_total = 0;
            if (sets.size() >= kBulkInsertMinRows && driver.has_bulk_insert()) {
                if (auto plain = plain_insert(*form)) {
                    std::vector<BoundStatement> chunk(std::min(kBulkInsertChunk, sets.size()));
                    while (bulk_done < sets.size()) {
                        const std::size_t count = std::min(chunk.size(), sets.size() - bulk_done);
                        for (std::size_t r = 0; r < count; ++r)
                            form->bind(binds, bind_count, &sets[bulk_done + r], chunk[r]);
                        if (e.options.echo)
                            e.log("COPY " + plain->first + " FROM STDIN  [" +
                                  std::to_string(count) + " rows]");
                        auto n = driver.bulk_insert(
                            plain->first, std::span<const BoundStatement>(chunk.data(), count),
                            plain->second);
                        if (!n) break;  // no bulk path for these values: INSERTs from here on
                        bulk_total += *n > 0 ? *n : 0;
                        bulk_done += count;
                    }
                }
            }
            std::size_t per_row = 0;
            {
                auto [b, en] = form->values_tuple();
                for (const auto& site : form->sites())
                    if (site.offset >= b && site.offset < en) ++per_row;
            }
            std::size_t page =
                e.options.insertmanyvalues_page_size ? e.options.insertmanyvalues_page_size : 1000;
            if (per_row) page = std::min(page, kMaxBatchParameters / per_row);
            page = std::max<std::size_t>(page, 1);
            std::vector<BoundStatement> rows(std::min(page, sets.size()));
            BoundStatement combined;
            std::int64_t total = 0;
            std::string plan_sql_cache;
            std::size_t plan_rows = 0;
            BatchPlan plan;
            for (std::size_t start = bulk_done; start < sets.size(); start += page) {
                std::size_t count = std::min(page, sets.size() - start);
                if (count != plan_rows) {
                    plan = plan_batch(*form, count);
                    plan_rows = count;
                }
                for (std::size_t r = 0; r < count; ++r)
                    form->bind(binds, bind_count, &sets[start + r], rows[r]);
                combined.form_sql = &plan.sql;
                combined.expanded = false;
                combined.parameters.clear();
                combined.parameter_names.clear();
                combined.parameter_types.clear();
                auto add = [&](const BoundStatement& b, std::uint32_t slot) {
                    combined.parameters.push_back(b.parameters[slot]);
                    combined.parameter_names.push_back(b.parameter_names[slot]);
                    combined.parameter_types.push_back(b.parameter_types[slot]);
                };
                for (auto slot : plan.prefix_slots)
                    add(rows[0], slot);
                for (std::size_t r = 0; r < count; ++r)
                    for (auto slot : plan.row_slots)
                        add(rows[r], slot);
                for (auto slot : plan.suffix_slots)
                    add(rows[0], slot);
                logged_sql = plan.sql;
                if (e.options.echo)
                    e.log(plan.sql.substr(0, 300) + (plan.sql.size() > 300 ? "..." : "") + "  [" +
                          std::to_string(count) + " rows in one statement]");
                DriverStatement* handle =
                    st.record().statements.get(driver, plan.sql, nullptr, nullptr);
                std::unique_ptr<DriverStatement> own;
                if (!handle) {
                    own = driver.prepare(plan.sql, nullptr);
                    handle = own.get();
                }
                DriverCursor& cursor = handle->execute(combined);
                std::int64_t n = cursor.rows_affected();
                handle->reset();
                if (!own) st.record().statements.release(handle);
                total += n > 0 ? n : 0;
            }
            rs->rowcount = bulk_total + total;
        } else {
            // A loop of one prepared statement; pipelining drivers take chunks at once.
            DriverStatement* handle =
                st.record().statements.get(driver, form->sql(), form.get(), form);
            std::unique_ptr<DriverStatement> own;
            if (!handle) {
                own = driver.prepare(form->sql(), form.get());
                handle = own.get();
            }
            struct Release {
                ConnectionState& st;
                DriverStatement* handle;
                bool cached;
                ~Release() {
                    if (cached) st.record().statements.release(handle);
                }
            } release{st, handle, own == nullptr};
            if (form->has_expanding())
                throw ArgumentError(
                    "executemany does not take expanding IN parameters; execute the statements one "
                    "by one");
            std::vector<BoundStatement> chunk(std::min(kExecuteManyChunk, sets.size()));
            std::int64_t total = 0;
            bool known = true;
            for (std::size_t start = 0; start < sets.size(); start += chunk.size()) {
                std::size_t count = std::min(chunk.size(), sets.size() - start);
                for (std::size_t r = 0; r < count; ++r)
                    form->bind(binds, bind_count, &sets[start + r], chunk[r]);
                std::int64_t n = driver.execute_many(
                    *handle, std::span<const BoundStatement>(chunk.data(), count));
                if (n < 0) known = false;
                total += n;
            }
            rs->rowcount = known ? total : -1;
        }
    } catch (const DatabaseError& error) {
        st.on_error(error, logged_sql);
        throw;
    }
    if (observe) {
        auto took = std::chrono::steady_clock::now() - started;
        if (e.options.echo)
            e.log(std::string(form->sql()) + "  [executemany of " + std::to_string(sets.size()) +
                  " sets, took " + format_duration(took) + "]");
        if (e.events.active()) {
            BoundStatement first;
            form->bind(binds, bind_count, &sets.front(), first);
            e.events.after_execute(
                ExecuteEvent{form->sql(), &first, sets.size(), true, took, rs->rowcount});
        }
    }
    return Result(std::move(rs));
}

void Connection::execute_script(std::string_view sql) {
    auto& st = require(state_);
    st.check_usable();
    if (st.engine->options.echo) st.engine->log(sql);
    if (st.depth > 0) st.record().needs_reset = true;
    try {
        st.driver().execute_script(sql);
    } catch (const DatabaseError& error) {
        st.on_error(error, sql);
        throw;
    }
}

// --- transactions

Transaction Connection::begin() {
    auto& st = require(state_);
    st.check_usable();
    if (st.depth > 0)
        throw InvalidRequestError(
            "a transaction is already begun on this Connection; use begin_nested() for a "
            "savepoint");
    try {
        st.driver().begin(st.engine->options.isolation_level);
    } catch (const DatabaseError& error) {
        st.on_error(error, "BEGIN");
        throw;
    }
    if (st.engine->options.echo) st.engine->log("BEGIN");
    st.depth = 1;
    st.record().needs_reset = true;
    return Transaction(state_, 1, {});
}

Transaction Connection::begin_nested() {
    auto& st = require(state_);
    st.check_usable();
    if (st.depth == 0)
        throw InvalidRequestError(
            "begin_nested() needs an enclosing transaction; call begin() first");
    std::string name = "retort_savepoint_" + std::to_string(++st.savepoint_counter);
    try {
        st.driver().savepoint(name);
    } catch (const DatabaseError& error) {
        st.on_error(error, "SAVEPOINT " + name);
        throw;
    }
    if (st.engine->options.echo) st.engine->log("SAVEPOINT " + name);
    st.savepoints.push_back(name);
    st.depth = st.savepoints.size() + 1;
    return Transaction(state_, st.depth, std::move(name));
}

bool Connection::in_transaction() const noexcept {
    return state_ && state_->depth > 0;
}
bool Connection::in_nested_transaction() const noexcept {
    return state_ && state_->depth > 1;
}

void Connection::set_isolation_level(IsolationLevel level) {
    auto& st = require(state_);
    st.check_usable();
    if (st.depth > 0)
        throw InvalidRequestError(
            "set the isolation level before begin(), not inside a transaction");
    st.driver().set_isolation_level(level);
    st.record().isolation_changed = true;
}

// --- reflection

namespace {
[[noreturn]] void backend_cannot(const ConnectionState& st, const std::string& what) {
    throw NotSupportedError(
        DatabaseError::Details{"the " + st.engine->backend->name + " backend cannot " + what,
                               "",
                               0,
                               "",
                               {},
                               false,
                               false});
}
}  // namespace

std::vector<std::string> Connection::table_names(const std::string& schema) {
    auto& st = require(state_);
    st.check_usable();
    if (!st.engine->backend->table_names) backend_cannot(st, "list tables");
    return st.engine->backend->table_names(st.driver(), schema);
}

std::vector<ReflectedTable> Connection::reflect(const ReflectionRequest& request) {
    auto& st = require(state_);
    st.check_usable();
    if (!st.engine->backend->reflect) backend_cannot(st, "reflect tables");
    return st.engine->backend->reflect(st.driver(), request);
}

Table Connection::reflect_table(MetaData& metadata, const std::string& name,
                                const std::string& schema) {
    auto tables = reflect(ReflectionRequest{schema, {name}});
    for (const auto& t : tables)
        if (t.name == name) return table_from_reflection(metadata, t);
    throw ArgumentError("no table named '" + name + "' found to reflect");
}

// --- schema

namespace {
/// Enum types and sequences the tables use (PostgreSQL creates them before the tables).
void collect_types(const std::vector<Table>& tables,
                   std::vector<std::shared_ptr<const EnumDefinition>>& enums,
                   std::vector<SequenceDefinition>& sequences) {
    std::set<std::string> seen_enums, seen_sequences;
    for (const auto& t : tables)
        for (const ColumnNode* c : t.table_node().columns()) {
            if (c->type().kind == TypeKind::Enum && c->type().enumeration &&
                seen_enums.insert(c->type().enumeration->name).second)
                enums.push_back(c->type().enumeration);
            if (c->schema().sequence && seen_sequences.insert(c->schema().sequence->name).second)
                sequences.push_back(*c->schema().sequence);
        }
}

bool has_separate_enum_types(const Dialect& d) {
    return d.capabilities().native_enum && d.capabilities().upsert_style == UpsertStyle::OnConflict;
}
}  // namespace

void Connection::create_all(const MetaData& metadata, bool checkfirst) {
    auto& e = *require(state_).engine;
    Connection& conn = *this;
    const Dialect& d = conn.dialect();
    auto tables = metadata.sorted_tables();
    std::set<std::string> existing;
    if (checkfirst) {
        std::set<std::string> schemas;
        for (const auto& t : tables)
            schemas.insert(t.schema());
        for (const auto& schema : schemas)
            for (auto& name : conn.table_names(schema))
                existing.insert(schema.empty() ? name : schema + "." + name);
    }
    std::vector<std::shared_ptr<const EnumDefinition>> enums;
    std::vector<SequenceDefinition> sequences;
    collect_types(tables, enums, sequences);
    auto run = [&](const Statement& s) { conn.execute_script(compile(s, d).sql()); };
    // Inside the caller's transaction when there is one; otherwise in a transaction of our own.
    std::optional<Transaction> tx;
    if (!in_transaction()) tx = begin();
    if (has_separate_enum_types(d)) {
        for (const auto& en : enums) {
            // An existing type is kept (PostgreSQL has no CREATE TYPE IF NOT EXISTS).
            if (checkfirst && e.backend->has_enum_type &&
                e.backend->has_enum_type(conn.driver(), en->name))
                continue;
            Enum type(en->name, en->labels);
            run(create_enum_type(type));
        }
    }
    if (d.capabilities().sequences)
        for (const auto& seq : sequences) {
            Sequence s(seq.name, seq.start, seq.increment);
            s.definition.schema = seq.schema;
            run(create_sequence(s, checkfirst));
        }
    for (const auto& t : tables) {
        if (checkfirst && existing.count(t.table_node().key())) continue;
        run(create_table(t));
        for (const auto& index : t.indexes())
            run(create_index(index));
    }
    if (tx) tx->commit();
}

void Connection::drop_all(const MetaData& metadata, bool checkfirst) {
    require(state_);
    Connection& conn = *this;
    const Dialect& d = conn.dialect();
    auto tables = metadata.sorted_tables();
    std::set<std::string> existing;
    if (checkfirst) {
        std::set<std::string> schemas;
        for (const auto& t : tables)
            schemas.insert(t.schema());
        for (const auto& schema : schemas)
            for (auto& name : conn.table_names(schema))
                existing.insert(schema.empty() ? name : schema + "." + name);
    }
    auto run = [&](const Statement& s) { conn.execute_script(compile(s, d).sql()); };
    // Inside the caller's transaction when there is one; otherwise in a transaction of our own.
    std::optional<Transaction> tx;
    if (!in_transaction()) tx = begin();
    for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
        if (checkfirst && !existing.count(it->table_node().key())) continue;
        run(drop_table(*it));
    }
    std::vector<std::shared_ptr<const EnumDefinition>> enums;
    std::vector<SequenceDefinition> sequences;
    collect_types(tables, enums, sequences);
    if (has_separate_enum_types(d))
        for (const auto& en : enums)
            run(drop_enum_type(Enum(en->name, en->labels), true));
    if (d.capabilities().sequences)
        for (const auto& seq : sequences) {
            Sequence s(seq.name, seq.start, seq.increment);
            s.definition.schema = seq.schema;
            run(drop_sequence(s, true));
        }
    if (tx) tx->commit();
}

// --- lifetime

void Connection::close() {
    if (!state_ || state_->closed) return;
    auto& st = *state_;
    // Results still reading end now: their statements belong to this connection.
    while (!st.open_results.empty())
        st.open_results.back()->release();
    if (st.spare_result && st.spare_result.use_count() == 1) st.spare_result->recycle();
    st.recent.clear();
    st.closed = true;
    st.depth = 0;
    st.savepoints.clear();
    if (st.pooled) {
        if (st.record().isolation_changed) {
            try {
                st.driver().set_isolation_level(st.engine->options.isolation_level);
                st.record().isolation_changed = false;
            } catch (...) {
                st.pooled.invalidate("could not restore the isolation level");
            }
        }
        st.pooled.release();
    }
}

bool Connection::closed() const noexcept {
    return !state_ || state_->closed;
}

void Connection::invalidate() {
    auto& st = require(state_);
    if (st.pooled) st.pooled.invalidate("invalidated by the application");
    st.invalidated = true;
}

const Dialect& Connection::dialect() const {
    auto& st = require(state_);
    // A closed connection has no driver connection any more; the engine's dialect is the same.
    if (st.closed || !st.pooled) return st.engine->dialect();
    return st.driver().dialect();
}

DriverConnection& Connection::driver() {
    auto& st = require(state_);
    if (st.closed) throw InvalidRequestError("this Connection is closed");
    return st.driver();
}

}  // namespace retort
