//! Generates the stylesheet from the utility classes used in the app's and the wasm entry's sources
//! and the server's own HTML pages under `src/docs` (encre-css), so a
//! class written in a component always has its CSS, with no Node step. The CSS, its brotli-compressed
//! copy and its content hash land in OUT_DIR and are embedded into the binary.

use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.push(path.clone());
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let app_src = manifest.join("../app/src");
    // The wasm entry builds its "app stopped" notice with the DOM directly.
    let frontend_src = manifest.join("../frontend/src");
    let docs_src = manifest.join("src/docs");
    let extra_css = manifest.join("../style/main.css");
    let mut paths = vec![app_src.clone(), frontend_src.clone(), docs_src.clone()];
    rust_sources(&app_src, &mut paths);
    rust_sources(&frontend_src, &mut paths);
    rust_sources(&docs_src, &mut paths);
    let sources: Vec<String> = paths
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect();
    for p in &paths {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    println!("cargo:rerun-if-changed={}", extra_css.display());

    let config = encre_css::Config::default();
    let mut css = encre_css::generate(sources.iter().map(String::as_str), &config);
    if let Ok(extra) = fs::read_to_string(&extra_css) {
        css.push('\n');
        css.push_str(&extra);
    }
    let hash: String = Sha256::digest(css.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    // Brotli at the highest quality, once here rather than per request.
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    if let Err(e) = brotli::BrotliCompress(&mut css.as_bytes(), &mut compressed, &params)
        .and_then(|_| fs::write(out.join("chatlane.css"), &css))
        .and_then(|_| fs::write(out.join("chatlane.css.br"), &compressed))
        .and_then(|_| fs::write(out.join("chatlane.css.hash"), &hash))
    {
        panic!("cannot write the generated stylesheet: {e}");
    }
}
