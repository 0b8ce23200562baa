// The first end-to-end check of the compiler: one SELECT in all three dialects.
#include "support.hpp"

using namespace retort;
using retort::test::check_dialects;

TEST_CASE("a filtered, ordered, limited SELECT renders in every dialect") {
    retort::test::Schema s;
    auto q = select(s.users.c("id"), s.users.c("name"))
                 .where(s.users.c("name").like("%e%") && s.users.c("age") > 18)
                 .order_by(desc(s.users.c("name")))
                 .limit(10);
    check_dialects(q,
                   {"SELECT users.id, users.name FROM users WHERE users.name LIKE ? AND users.age > ? "
                    "ORDER BY users.name DESC LIMIT ?",
                    {"%e%", 18, 10}},
                   {"SELECT users.id, users.name FROM users WHERE users.name LIKE $1 AND users.age > $2 "
                    "ORDER BY users.name DESC LIMIT $3",
                    {"%e%", 18, 10}},
                   {"SELECT users.id, users.name FROM users WHERE users.name LIKE ? AND users.age > ? "
                    "ORDER BY users.name DESC LIMIT ?",
                    {"%e%", 18, 10}});
}
