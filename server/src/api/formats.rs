//! The shapes of the strings the handlers check, for the OpenAPI document (`schema_with =`), so
//! that it states what the server accepts and generated clients and fuzzers send valid data. The
//! checks themselves live in `model`; these follow them.

use utoipa::openapi::schema::SchemaType;
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type,
};
use utoipa::openapi::{RefOr, Schema};

/// An absolute http(s) URL of printable ASCII (what `model::validation::http_url` accepts).
pub const HTTP_URL_PATTERN: &str = r"^[Hh][Tt][Tt][Pp][Ss]?://[!-.0-~][!-~]*$";
/// Text with something other than spaces in it (a required field is trimmed).
pub const NOT_BLANK: &str = r"\S";

fn text(min: Option<usize>, max: Option<usize>, pattern: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(min)
        .max_length(max)
        .pattern(Some(pattern))
}

fn list(item: ObjectBuilder, min: Option<usize>, max: Option<usize>, about: &str) -> RefOr<Schema> {
    RefOr::T(Schema::Array(
        ArrayBuilder::new()
            .items(item)
            .min_items(min)
            .max_items(max)
            .description(Some(about))
            .build(),
    ))
}

/// Tag names: each 1–50 characters once trimmed.
pub fn tag_names() -> RefOr<Schema> {
    list(
        text(
            Some(1),
            Some(backend::services::conversations::TAG_NAME_MAX),
            NOT_BLANK,
        ),
        None,
        None,
        "Tag names (1–50 characters); names the team does not have yet are created with color `#3b82f6`.",
    )
}

/// URLs to download and attach: http or https, at most 10.
pub fn file_urls() -> RefOr<Schema> {
    list(
        text(None, Some(2000), HTTP_URL_PATTERN),
        None,
        Some(10),
        "Public http(s) URLs to download (10 MiB and 30 s each, at most 10) and attach.",
    )
}

/// Webhook event names, at least one.
pub fn event_names() -> RefOr<Schema> {
    let names = model::webhook::EventType::ALL
        .iter()
        .map(|e| e.as_str().replace('.', r"\."))
        .collect::<Vec<_>>()
        .join("|");
    list(
        text(None, None, &format!("^({names})$")),
        Some(1),
        None,
        "Events (at least one): `conversation.created`, `conversation.status_changed`, \
         `conversation.closed`, `conversation.updated`, `message.created`, `contact.created`, \
         `contact.updated`, `conversation.transcript`, `integration.health_changed`.",
    )
}

/// An http(s) URL of at most 2,000 characters (a webhook's, a visit's pages).
pub fn http_url() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        text(None, Some(2000), HTTP_URL_PATTERN).build(),
    ))
}

/// An IP address, v4 or v6.
pub fn ip_address() -> RefOr<Schema> {
    let format = |f| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(f)))
            .build()
    };
    RefOr::T(Schema::OneOf(
        OneOfBuilder::new()
            .item(format(KnownFormat::Ipv4))
            .item(format(KnownFormat::Ipv6))
            .description(Some(
                "The visitor's IP address, v4 or v6 (`203.0.113.9`, `2001:db8::1`).",
            ))
            .build(),
    ))
}

/// An integration's run conditions: at most 10 of `{path, op, value}`, every one of which must
/// hold for it to run (what `model::integration::run_conditions::check` accepts).
pub fn run_conditions() -> RefOr<Schema> {
    use model::integration::run_conditions::{Operator, PATH_MAX, RUN_CONDITIONS_MAX, VALUE_MAX};
    let names = |compares: bool| {
        Operator::ALL
            .iter()
            .filter(|o| o.takes_value() == compares)
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join("|")
    };
    // One shape for the operators that compare with a value (it is required) and one for
    // those that do not (it may be left out).
    let condition = |compares: bool| {
        let object = ObjectBuilder::new()
            .property(
                "path",
                text(
                    None,
                    Some(PATH_MAX),
                    r"^(contact\.(name|email|phone_number)|contact\.attributes\.[A-Za-z0-9_-]+|conversation\.(status|subject)|inbox\.(id|name))$",
                )
                .description(Some(
                    "What to look at: `contact.name`, `contact.email`, `contact.phone_number`, \
                     `contact.attributes.<key>`, `conversation.status`, `conversation.subject`, \
                     `inbox.id` or `inbox.name`.",
                )),
            )
            .required("path")
            .property(
                "op",
                text(None, None, &format!("^({})$", names(compares))).description(Some(
                    "How to compare, as in display templates: `exists`, `not_exists` and \
                     `truthy` take no value; `equals`, `not_equals`, `contains`, \
                     `greater_than` and `less_than` compare with `value`.",
                )),
            )
            .required("op")
            ;
        let value =
            text(Some(1), Some(VALUE_MAX), NOT_BLANK).description(Some("What to compare with."));
        if compares {
            object.property("value", value).required("value")
        } else {
            // Ignored by these operators (and not kept): anything, or nothing.
            object.property(
                "value",
                ObjectBuilder::new()
                    .schema_type(SchemaType::AnyValue)
                    .description(Some("Ignored by this operator.")),
            )
        }
    };
    RefOr::T(Schema::Array(
        ArrayBuilder::new()
            .items(
                OneOfBuilder::new()
                    .item(condition(true))
                    .item(condition(false)),
            )
            .max_items(Some(RUN_CONDITIONS_MAX))
            .description(Some(
                "Run conditions: the integration runs on a profile sheet only when every one holds (none: always).",
            ))
            .build(),
    ))
}

/// What a card whose run conditions fail shows: `hide` or `explain`.
pub fn skipped_card() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        text(None, None, "^(hide|explain)$")
            .description(Some(
                "What a card whose run conditions fail shows: `hide` (default: not on the sheet) \
                 or `explain` (says which condition failed).",
            ))
            .build(),
    ))
}

/// `schema`, or `null` (a request field that may be sent as null to leave it as it is).
fn or_null(schema: RefOr<Schema>) -> RefOr<Schema> {
    RefOr::T(Schema::OneOf(
        OneOfBuilder::new()
            .item(schema)
            .item(ObjectBuilder::new().schema_type(SchemaType::Type(Type::Null)))
            .build(),
    ))
}

/// [`run_conditions`] in a request, where `null` leaves them as they are.
pub fn run_conditions_in_request() -> RefOr<Schema> {
    or_null(run_conditions())
}

/// [`skipped_card`] in a request, where `null` leaves it as it is.
pub fn skipped_card_in_request() -> RefOr<Schema> {
    or_null(skipped_card())
}
