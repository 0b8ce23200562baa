// SQL operators with their precedence and associativity, which decide where the compiler
// puts parentheses (as few as the grammar needs).
#pragma once

#include <cstdint>
#include <string_view>

namespace retort {

enum class Operator : std::uint8_t {
    // binary arithmetic and string
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Concat,
    // comparisons
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    IsDistinctFrom,
    IsNotDistinctFrom,
    Is,
    IsNot,
    Like,
    NotLike,
    ILike,
    NotILike,
    In,
    NotIn,
    Between,
    NotBetween,
    // boolean
    And,
    Or,
    Not,
    // unary
    Negate,
    Exists,
    Distinct,
    // a user-written operator rendered verbatim (BinaryNode::custom_operator)
    Custom,
};

/// Binding strength: higher binds tighter. Values follow SQL's usual grammar (and SQLAlchemy's
/// table): unary minus and * / % above + -, above comparisons, above NOT, AND, OR.
constexpr int precedence(Operator op) noexcept {
    switch (op) {
        case Operator::Negate:
            return 9;
        case Operator::Multiply:
        case Operator::Divide:
        case Operator::Modulo:
            return 8;
        case Operator::Add:
        case Operator::Subtract:
            return 7;
        case Operator::Concat:
            return 6;
        case Operator::Custom:
            return 6;
        case Operator::Equal:
        case Operator::NotEqual:
        case Operator::Less:
        case Operator::LessEqual:
        case Operator::Greater:
        case Operator::GreaterEqual:
        case Operator::IsDistinctFrom:
        case Operator::IsNotDistinctFrom:
        case Operator::Is:
        case Operator::IsNot:
        case Operator::Like:
        case Operator::NotLike:
        case Operator::ILike:
        case Operator::NotILike:
        case Operator::In:
        case Operator::NotIn:
        case Operator::Between:
        case Operator::NotBetween:
        case Operator::Distinct:
            return 5;
        case Operator::Not:
            return 4;
        case Operator::And:
            return 3;
        case Operator::Or:
            return 2;
        case Operator::Exists:
            return 0;
    }
    return 0;
}

/// `a op (b op c)` equals `(a op b) op c`, so a right operand with the same operator needs no
/// parentheses either.
constexpr bool is_associative(Operator op) noexcept {
    return op == Operator::Add || op == Operator::Multiply || op == Operator::And ||
           op == Operator::Or || op == Operator::Concat;
}

/// Comparisons do not chain in SQL (`a = b = c` is an error on PostgreSQL), so an operand
/// that is itself a comparison is always parenthesized.
constexpr bool is_comparison(Operator op) noexcept {
    return precedence(op) == 5;
}

/// The operator's SQL spelling in standard SQL (dialects may override some).
std::string_view operator_sql(Operator op) noexcept;

/// The operator that negates a comparison (`=` to `!=`, LIKE to NOT LIKE), or Custom when there
/// is none and NOT must wrap the expression instead.
Operator negated_operator(Operator op) noexcept;

}  // namespace retort
