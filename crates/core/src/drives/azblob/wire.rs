//! Azure's List Containers reply (the one call OpenDAL does not make: it
//! opens one container at a time).

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnumerationResults {
    #[serde(default)]
    pub containers: Containers,
    #[serde(default)]
    pub next_marker: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Containers {
    #[serde(default)]
    pub container: Vec<Container>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Container {
    pub name: String,
}
