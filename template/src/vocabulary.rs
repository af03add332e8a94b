//! Closed vocabularies: enums with one string form each, used in the stored JSON, the database, the
//! API and the UI. [`string_enum!`](crate::string_enum) declares them, so every vocabulary has the
//! same `ALL`, `as_str`, `FromStr`, `Display` and serde names, and `label` when it is shown.
//!
//! Invariant: the string forms are the serde names, so what `as_str` writes `FromStr` and serde
//! read back. Adding a variant is compiler-guided: every `match` on the enum (none has a wildcard
//! arm) stops compiling until it handles the new one.

use std::fmt;

/// Declares a string-backed enum with `ALL` (display order), `as_str`, `FromStr` (erring with
/// [`UnknownValue`]), `Display` and serde under the same names. When every variant is written
/// `Variant => "name" as "Label"`, it also gets `label()`, the name shown to people.
///
/// ```
/// template::string_enum!(
///     /// A traffic light.
///     pub enum Light { Red => "red" as "Stop", Green => "green" as "Go" }
/// );
/// assert_eq!("green".parse::<Light>().map(Light::label), Ok("Go"));
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])* $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => $text:literal as $label:literal),+ $(,)?
        }
    ) => {
        $crate::string_enum!($(#[$meta])* $vis enum $name { $($(#[$vmeta])* $variant => $text),+ });

        impl $name {
            /// Its name where people read it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
    (
        $(#[$meta:meta])* $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name { $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+ }

        impl $name {
            /// Every value, in the order they are offered.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Its string form, as stored and sent.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::vocabulary::UnknownValue {
                        kind: stringify!($name),
                        allowed: &[$($text),+],
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A string that is not one of a vocabulary's values; its message lists the allowed ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enum's name, for logs.
    pub kind: &'static str,
    /// The accepted strings.
    pub allowed: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "must be one of: {}", self.allowed.join(", "))
    }
}

impl std::error::Error for UnknownValue {}

#[cfg(test)]
mod tests {
    crate::string_enum!(
        /// A test vocabulary with labels and a default.
        #[derive(Default)]
        enum Size {
            #[default]
            Small => "small" as "Small",
            ExtraLarge => "extra_large" as "Extra large",
        }
    );

    #[test]
    fn every_value_round_trips_through_its_string_and_serde() {
        for s in Size::ALL {
            assert_eq!(s.as_str().parse::<Size>(), Ok(*s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::from(s.as_str()))
            );
            assert_eq!(s.to_string(), s.as_str());
        }
        assert_eq!(Size::default(), Size::Small);
        assert_eq!(Size::ExtraLarge.label(), "Extra large");
    }

    #[test]
    fn an_unknown_string_is_refused_with_the_allowed_ones() {
        let err = "huge".parse::<Size>().err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("must be one of: small, extra_large"));
        assert!(serde_json::from_str::<Size>("\"huge\"").is_err());
    }
}
