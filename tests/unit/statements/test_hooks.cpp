// Compile hooks: wrapping the built-in rendering of a statement for one dialect or all, the
// precedence between hooks, custom node kinds with their renderers, and the registration's
// lifetime.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

namespace {
/// `greatest(a, b)`: a user-defined expression node rendered by compile hooks.
const NodeKind kGreatest = register_node_kind("statements_test.greatest");

struct GreatestNode final : CustomExpressionNode {
    GreatestNode(ExpressionPtr a, ExpressionPtr b)
        : CustomExpressionNode(kGreatest, a->type(), {a, b}) {}
};

Expression greatest(const Expression& a, const Expression& b) {
    return Expression(std::make_shared<GreatestNode>(a.node(), a.coerce(b)));
}

void render_greatest(const Node& node, Compiler& c, std::string_view function) {
    const auto& g = static_cast<const GreatestNode&>(node);
    c.append(function);
    c.append('(');
    c.process_list(g.children());
    c.append(')');
}
}  // namespace

TEST_CASE("a hook appends a suffix to every INSERT on MySQL only") {
    retort::test::Tables t;
    auto hook = register_compile_hook(
        NodeKind::Insert,
        [](const Node& node, Compiler& compiler) {
            compiler.process_default(node);
            compiler.append(" -- audited");
        },
        "mysql");
    auto q = insert(t.tags).values({{"label", "x"}});
    check_dialects(q, {"INSERT INTO tags (label) VALUES (?)", {"x"}},
                   {"INSERT INTO tags (label) VALUES ($1)", {"x"}},
                   {"INSERT INTO tags (label) VALUES (?) -- audited", {"x"}});
    // MariaDB is rendered by the mysql dialect too.
    check_sql(q, mariadb_dialect(), {"INSERT INTO tags (label) VALUES (?) -- audited", {"x"}});
    // Other statements are untouched.
    check_sql(delete_(t.tags), mysql_dialect(), {"DELETE FROM tags"});
}

TEST_CASE("a hook registered without a dialect applies to every dialect") {
    retort::test::Tables t;
    auto hook = register_compile_hook(NodeKind::Delete, [](const Node& node, Compiler& c) {
        c.append("/* ");
        c.append(c.dialect().name());
        c.append(" */ ");
        c.process_default(node);
    });
    auto q = delete_(t.tags).where(t.tags.c("id") == 1);
    check_dialects(q, {"/* sqlite */ DELETE FROM tags WHERE tags.id = ?", {1}},
                   {"/* postgresql */ DELETE FROM tags WHERE tags.id = $1", {1}},
                   {"/* mysql */ DELETE FROM tags WHERE tags.id = ?", {1}});
}

TEST_CASE("a dialect-specific hook wins over a general one; the latest wins among equals") {
    retort::test::Tables t;
    auto general = register_compile_hook(NodeKind::Delete, [](const Node& n, Compiler& c) {
        c.process_default(n);
        c.append(" -- general");
    });
    auto specific = register_compile_hook(
        NodeKind::Delete,
        [](const Node& n, Compiler& c) {
            c.process_default(n);
            c.append(" -- pg");
        },
        "postgresql");
    auto q = delete_(t.tags);
    CHECK(render(q, sqlite_dialect()).sql == "DELETE FROM tags -- general");
    CHECK(render(q, postgresql_dialect()).sql == "DELETE FROM tags -- pg");
    {
        auto later = register_compile_hook(NodeKind::Delete, [](const Node& n, Compiler& c) {
            c.process_default(n);
            c.append(" -- later");
        });
        CHECK(render(q, sqlite_dialect()).sql == "DELETE FROM tags -- later");
        CHECK(render(q, postgresql_dialect()).sql == "DELETE FROM tags -- pg");
    }
    CHECK(render(q, sqlite_dialect()).sql == "DELETE FROM tags -- general");
}

TEST_CASE("a hook on an expression kind applies inside every statement") {
    retort::test::Tables t;
    auto hook = register_compile_hook(
        NodeKind::Function,
        [](const Node& node, Compiler& c) {
            const auto& f = static_cast<const FunctionNode&>(node);
            if (f.name() == "now") {
                c.append("datetime('now')");
                return;
            }
            c.process_default(node);
        },
        "sqlite");
    auto q = select(func.now(), func.count()).select_from(t.users).where(t.users.c("age") > 1);
    check_sql(
        q, sqlite_dialect(),
        {"SELECT datetime('now') AS now_1, count(*) AS count_1 FROM users WHERE users.age > ?",
         {1}});
    check_sql(q, postgresql_dialect(),
              {"SELECT now() AS now_1, count(*) AS count_1 FROM users WHERE users.age > $1", {1}});
    check_sql(update(t.users).values({{"name", func.now()}}), sqlite_dialect(),
              {"UPDATE users SET name = datetime('now')"});
}

TEST_CASE("a custom node kind renders through its hook, with bound parameters inside") {
    retort::test::Tables t;
    auto pg_mysql = register_compile_hook(
        kGreatest, [](const Node& n, Compiler& c) { render_greatest(n, c, "greatest"); });
    auto sqlite = register_compile_hook(
        kGreatest, [](const Node& n, Compiler& c) { render_greatest(n, c, "max"); }, "sqlite");
    auto q = select(greatest(t.users.c("age"), 18).label("g")).where(t.users.c("id") == 3);
    check_dialects(q, {"SELECT max(users.age, ?) AS g FROM users WHERE users.id = ?", {18, 3}},
                   {"SELECT greatest(users.age, $1) AS g FROM users WHERE users.id = $2", {18, 3}},
                   {"SELECT greatest(users.age, ?) AS g FROM users WHERE users.id = ?", {18, 3}});
    CHECK(node_kind_name(kGreatest) == "statements_test.greatest");
    CHECK(register_node_kind("statements_test.greatest") == kGreatest);
    // The custom node's children contribute to FROM inference and to the cache key.
    GatherContext a, b, c;
    gather(select(greatest(t.users.c("age"), 1)), a);
    gather(select(greatest(t.users.c("age"), 2)), b);
    gather(select(greatest(t.users.c("id"), 1)), c);
    CHECK(a.key == b.key);
    CHECK_FALSE(a.key == c.key);
}

TEST_CASE("a custom node kind without a renderer is a CompileError naming kind and dialect") {
    retort::test::Tables t;
    auto q = select(greatest(t.users.c("age"), 18));
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect()); }) ==
          "no renderer is registered for node kind 'statements_test.greatest' on the sqlite "
          "dialect; register one with register_compile_hook()");
    auto pg_only = register_compile_hook(
        kGreatest, [](const Node& n, Compiler& c) { render_greatest(n, c, "greatest"); },
        "postgresql");
    CHECK(render(q, postgresql_dialect()).sql ==
          "SELECT greatest(users.age, $1) AS anon_1 FROM users");
    CHECK(error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
          "no renderer is registered for node kind 'statements_test.greatest' on the mysql "
          "dialect; register one with register_compile_hook()");
}

TEST_CASE("the registration's destructor removes the hook; release() keeps it; moves transfer it") {
    retort::test::Tables t;
    auto q = delete_(t.tags);
    auto suffix = [](const Node& n, Compiler& c) {
        c.process_default(n);
        c.append(" -- x");
    };
    {
        auto hook = register_compile_hook(NodeKind::Delete, suffix);
        CHECK(render(q, sqlite_dialect()).sql == "DELETE FROM tags -- x");
    }
    CHECK(render(q, sqlite_dialect()).sql == "DELETE FROM tags");
    CompileHookRegistration outer;
    {
        auto hook = register_compile_hook(NodeKind::Delete, suffix);
        outer = std::move(hook);
    }
    CHECK(render(q, sqlite_dialect()).sql == "DELETE FROM tags -- x");
    CompileHookRegistration moved(std::move(outer));
    CHECK(render(q, sqlite_dialect()).sql == "DELETE FROM tags -- x");
    moved = CompileHookRegistration();  // assigning an empty registration removes the hook
    CHECK(render(q, sqlite_dialect()).sql == "DELETE FROM tags");
    const NodeKind kept_kind = register_node_kind("statements_test.kept");
    {
        auto hook =
            register_compile_hook(kept_kind, [](const Node&, Compiler& c) { c.append("kept"); });
        hook.release();
    }
    struct Kept final : CustomExpressionNode {
        explicit Kept(NodeKind k) : CustomExpressionNode(k, Integer{}) {}
    };
    CHECK(render(select(Expression(std::make_shared<Kept>(kept_kind)).label("k")), sqlite_dialect())
              .sql == "SELECT kept AS k");
}

TEST_CASE("a hook can replace a statement's rendering entirely") {
    retort::test::Tables t;
    auto hook = register_compile_hook(
        NodeKind::Insert,
        [](const Node& node, Compiler& c) {
            const auto& insert_node = static_cast<const InsertNode&>(node);
            c.append("REPLACE INTO ");
            c.append_identifier(insert_node.table->table_name());
            c.append(" (");
            for (std::size_t i = 0; i < insert_node.rows.front().size(); ++i) {
                if (i) c.append(", ");
                c.append_identifier(insert_node.rows.front()[i].column->name());
            }
            c.append(") VALUES (");
            for (std::size_t i = 0; i < insert_node.rows.front().size(); ++i) {
                if (i) c.append(", ");
                c.process(*insert_node.rows.front()[i].value);
            }
            c.append(')');
        },
        "mysql");
    check_sql(insert(t.tags).values({{"id", 1}, {"label", "a"}}), mysql_dialect(),
              {"REPLACE INTO tags (id, label) VALUES (?, ?)", {1, "a"}});
}
