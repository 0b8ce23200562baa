// Engine: URL → backend → dialect, pool and caches; echo logging; create_all / drop_all in
// foreign-key order.
#include <retort/engine/engine.hpp>
#include <retort/errors.hpp>

#include "engine_state.hpp"

#include <cstdio>
#include <set>

namespace retort {

EngineImpl::EngineImpl(Url u, EngineOptions o)
    : url(std::move(u)), options(std::move(o)), backend(&find_backend(url)), cache(options.compiled_cache_size) {
    driver_options.hide_parameters = options.hide_parameters;
    driver_options.isolation_level = options.isolation_level;
    initial_dialect_ = backend->dialect(url);
    dialect_.store(initial_dialect_.get(), std::memory_order_release);
}

std::unique_ptr<DriverConnection> EngineImpl::open_connection() {
    auto connection = backend->connect(url, driver_options);
    // The server's version may refine the dialect (MySQL vs MariaDB, feature levels). Dialect
    // objects a driver hands out live as long as the program.
    std::call_once(dialect_from_server_, [&] { dialect_.store(&connection->dialect(), std::memory_order_release); });
    if (options.echo) log("connected to " + url.to_string() + " (" + connection->server_version() + ")");
    return connection;
}

void EngineImpl::log(std::string_view line) const {
    if (options.log_sink) {
        options.log_sink(line);
        return;
    }
    std::fprintf(stderr, "[retort] %.*s\n", static_cast<int>(line.size()), line.data());
}

Engine create_engine(std::string_view url_text, EngineOptions options) {
    Url url = Url::parse(url_text);
    auto impl = std::make_shared<EngineImpl>(std::move(url), std::move(options));
    PoolKind kind = impl->options.poolclass.value_or(impl->backend->default_pool
                                                         ? impl->backend->default_pool(impl->url)
                                                         : PoolKind::Queue);
    PoolOptions pool_options;
    pool_options.pool_size = impl->options.pool_size;
    pool_options.max_overflow = impl->options.max_overflow;
    pool_options.timeout = impl->options.pool_timeout;
    pool_options.recycle = impl->options.pool_recycle;
    pool_options.pre_ping = impl->options.pool_pre_ping;
    pool_options.use_lifo = impl->options.pool_use_lifo;
    pool_options.reset_on_return = impl->options.reset_on_return;
    // The factory holds a weak reference: the pool lives inside the engine.
    std::weak_ptr<EngineImpl> weak = impl;
    impl->pool = std::make_unique<Pool>(
        [weak]() -> std::unique_ptr<DriverConnection> {
            auto engine = weak.lock();
            if (!engine) throw InvalidRequestError("the engine was destroyed");
            return engine->open_connection();
        },
        kind, pool_options);
    return Engine(std::move(impl));
}

namespace {
EngineImpl& require(const std::shared_ptr<EngineImpl>& impl) {
    if (!impl) throw InvalidRequestError("this Engine handle is empty; create one with create_engine()");
    return *impl;
}
}  // namespace

Connection Engine::connect() {
    auto& e = require(impl_);
    PooledConnection pooled = e.pool->checkout();
    return Connection(std::make_shared<ConnectionState>(impl_, std::move(pooled)));
}

const Url& Engine::url() const { return require(impl_).url; }
const Dialect& Engine::dialect() const { return require(impl_).dialect(); }
Pool& Engine::pool() { return *require(impl_).pool; }
CompiledCache& Engine::compiled_cache() { return require(impl_).cache; }
EngineEvents& Engine::events() { return require(impl_).events; }
const EngineOptions& Engine::options() const { return require(impl_).options; }
void Engine::dispose() { require(impl_).pool->dispose(); }

namespace {
/// Enum types and sequences the tables use (PostgreSQL creates them before the tables).
void collect_types(const std::vector<Table>& tables, std::vector<std::shared_ptr<const EnumDefinition>>& enums,
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

void Engine::create_all(const MetaData& metadata, bool checkfirst) {
    auto& e = require(impl_);
    auto conn = connect();
    const Dialect& d = conn.dialect();
    auto tables = metadata.sorted_tables();
    std::set<std::string> existing;
    if (checkfirst) {
        std::set<std::string> schemas;
        for (const auto& t : tables) schemas.insert(t.schema());
        for (const auto& schema : schemas)
            for (auto& name : conn.table_names(schema)) existing.insert(schema.empty() ? name : schema + "." + name);
    }
    std::vector<std::shared_ptr<const EnumDefinition>> enums;
    std::vector<SequenceDefinition> sequences;
    collect_types(tables, enums, sequences);
    auto run = [&](const Statement& s) { conn.execute_script(compile(s, d).sql()); };
    auto tx = conn.begin();
    if (has_separate_enum_types(d)) {
        for (const auto& en : enums) {
            // An existing type is kept (PostgreSQL has no CREATE TYPE IF NOT EXISTS).
            if (checkfirst && e.backend->has_enum_type && e.backend->has_enum_type(conn.driver(), en->name))
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
        for (const auto& index : t.indexes()) run(create_index(index));
    }
    tx.commit();
}

void Engine::drop_all(const MetaData& metadata, bool checkfirst) {
    auto conn = connect();
    const Dialect& d = conn.dialect();
    auto tables = metadata.sorted_tables();
    std::set<std::string> existing;
    if (checkfirst) {
        std::set<std::string> schemas;
        for (const auto& t : tables) schemas.insert(t.schema());
        for (const auto& schema : schemas)
            for (auto& name : conn.table_names(schema)) existing.insert(schema.empty() ? name : schema + "." + name);
    }
    auto run = [&](const Statement& s) { conn.execute_script(compile(s, d).sql()); };
    auto tx = conn.begin();
    for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
        if (checkfirst && !existing.count(it->table_node().key())) continue;
        run(drop_table(*it));
    }
    std::vector<std::shared_ptr<const EnumDefinition>> enums;
    std::vector<SequenceDefinition> sequences;
    collect_types(tables, enums, sequences);
    if (has_separate_enum_types(d))
        for (const auto& en : enums) run(drop_enum_type(Enum(en->name, en->labels), true));
    if (d.capabilities().sequences)
        for (const auto& seq : sequences) {
            Sequence s(seq.name, seq.start, seq.increment);
            s.definition.schema = seq.schema;
            run(drop_sequence(s, true));
        }
    tx.commit();
}

}  // namespace retort
