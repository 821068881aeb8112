//! The window's commands, made from laris-app's one declaration (`laris_app::with_commands!`):
//! each wrapper only moves its arguments into the `App` method of the same name and its
//! result (or `{code, message, field}` error) back. Blocking ones run off the main thread
//! (`async` in Tauri's sense), so the window never waits on the disk.

use laris_app::AppError;
use laris_app::contract::{IntoReply, Lend};
#[allow(unused_imports)]
use laris_app::dto::*;
use tauri::State;
#[allow(unused_imports)]
use uuid::Uuid;

use crate::till::Till;

type Reply<T> = Result<T, AppError>;

macro_rules! tauri_commands {
    (
        blocking { $( $(#[doc = $doc:literal])* fn $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty; )* }
        awaiting { $( $(#[doc = $wdoc:literal])* fn $wname:ident ( $($warg:ident : $wty:ty),* ) -> $wout:ty; )* }
    ) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command(async)]
            pub fn $name(till: State<'_, Till>, $($arg: $ty),*) -> Reply<$out> {
                till.app()?.$name($(Lend::lend(&$arg)),*).into_reply()
            }
        )*
        $(
            $(#[doc = $wdoc])*
            #[tauri::command]
            pub async fn $wname(till: State<'_, Till>, $($warg: $wty),*) -> Reply<$wout> {
                till.app()?.$wname($(Lend::lend(&$warg)),*).await.into_reply()
            }
        )*

        /// Every command, for `invoke_handler`.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name,)* $($wname),*]
        }
    };
}

laris_app::with_commands!(tauri_commands);
