//! Tests of the passage stage: plain text, and Markdown and HTML through
//! their readers.

mod markup;
mod plain;
