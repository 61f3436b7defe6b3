//! The refusals every operation of the OpenAPI document can answer, added to each from what
//! the operation has (a path parameter, a query, a body) and from its row in
//! `auth::permissions::ROUTES`, so that no route, including one added later, can answer a
//! status its description does not list. An operation's own annotation stays the place for
//! the refusals only it makes (409, 412, 428, 429, a specific 404 or 422).

use domain::Role;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

use crate::auth::permissions::{Access, access_for};
use crate::error::PROBLEM_JSON;

/// Adds the common refusals to every operation.
pub struct CommonRefusals;

impl utoipa::Modify for CommonRefusals {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            let operations = [
                ("GET", &mut item.get),
                ("PUT", &mut item.put),
                ("POST", &mut item.post),
                ("DELETE", &mut item.delete),
                ("PATCH", &mut item.patch),
            ];
            for (method, operation) in operations {
                if let Some(operation) = operation {
                    add_refusals(method, path, operation);
                }
            }
        }
    }
}

fn add_refusals(method: &str, path: &str, operation: &mut Operation) {
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has_in = |place: ParameterIn| {
        parameters.iter().any(
            |p| matches!(p, RefOr::T(p) if std::mem::discriminant(&p.parameter_in) == std::mem::discriminant(&place)),
        )
    };
    let has_path = path.contains('{') || has_in(ParameterIn::Path);
    let has_query = has_in(ParameterIn::Query);
    let has_body = operation.request_body.is_some();
    let unsafe_method = !matches!(method, "GET" | "HEAD");
    let access = access_for(method, path);
    let authenticated = matches!(access, Some(Access::Authenticated | Access::Requires(_)));
    let some_role_refused =
        matches!(access, Some(Access::Requires(p)) if Role::ALL.iter().any(|r| !domain::allows(*r, p)));

    let mut add = |status: &str, description: &str| {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| problem(description));
    };
    if has_path || has_query || has_body {
        add("400", "Malformed request: a path or query parameter, or the body, cannot be read (the field is named)");
    }
    if authenticated {
        add("401", "No session or API token, or one that does not work");
    }
    if some_role_refused || unsafe_method {
        add(
            "403",
            "The caller's role lacks the permission, or an unsafe request came from another origin or without the session's CSRF token",
        );
    }
    if has_path {
        add("404", "No such resource");
    }
    if has_body {
        add("413", "The body is larger than accepted");
        add("415", "The body is not application/json");
    }
    if has_body || has_query {
        add("422", "Invalid fields or parameters, each named");
    }
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(PROBLEM_JSON, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
            .build(),
    )
}
