// The whole public API of retort in one include: schema, expressions, statements, the compiler,
// the built-in dialects and the engine.
#pragma once

#include <retort/compiler/compile_hooks.hpp>
#include <retort/compiler/compiled_cache.hpp>
#include <retort/compiler/compiled_statement.hpp>
#include <retort/compiler/compiler.hpp>
#include <retort/compiler/dialect.hpp>
#include <retort/dialects/mysql.hpp>
#include <retort/dialects/postgresql.hpp>
#include <retort/dialects/sqlite.hpp>
#include <retort/errors.hpp>
#include <retort/sql/metadata.hpp>
#include <retort/sql/parameters.hpp>
#include <retort/sql/statement.hpp>
