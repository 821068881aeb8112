//! [`Transport`]: how a device talks to the server. [`crate::HttpTransport`] is the real one;
//! tests put an in-process fake behind the same trait.

use std::future::Future;
use std::sync::Arc;

use laris_protocol::v1::api::{PairReply, PairRequest, ProofV1};
use laris_protocol::v1::{
    Handshake, HandshakeReply, PullReply, PullRequest, PushReply, PushRequest, RecoverReply,
    RecoverRequest,
};

use crate::error::Result;

/// The sync v1 calls of `laris_protocol::v1::api`. Device calls authenticate as the device
/// (the implementation holds the credential); `pair` needs none.
pub trait Transport: Send + Sync {
    fn pair(&self, req: &PairRequest) -> impl Future<Output = Result<PairReply>> + Send;
    fn handshake(&self, req: &Handshake) -> impl Future<Output = Result<HandshakeReply>> + Send;
    fn push(&self, req: &PushRequest) -> impl Future<Output = Result<PushReply>> + Send;
    fn pull(&self, req: &PullRequest) -> impl Future<Output = Result<PullReply>> + Send;
    /// This device's own events the server holds, to get back what a restore lost.
    fn recover(&self, req: &RecoverRequest) -> impl Future<Output = Result<RecoverReply>> + Send;
    /// What the server holds of this device.
    fn proof(&self) -> impl Future<Output = Result<ProofV1>> + Send;
}

impl<T: Transport> Transport for Arc<T> {
    fn pair(&self, req: &PairRequest) -> impl Future<Output = Result<PairReply>> + Send {
        T::pair(self, req)
    }
    fn handshake(&self, req: &Handshake) -> impl Future<Output = Result<HandshakeReply>> + Send {
        T::handshake(self, req)
    }
    fn push(&self, req: &PushRequest) -> impl Future<Output = Result<PushReply>> + Send {
        T::push(self, req)
    }
    fn pull(&self, req: &PullRequest) -> impl Future<Output = Result<PullReply>> + Send {
        T::pull(self, req)
    }
    fn recover(&self, req: &RecoverRequest) -> impl Future<Output = Result<RecoverReply>> + Send {
        T::recover(self, req)
    }
    fn proof(&self) -> impl Future<Output = Result<ProofV1>> + Send {
        T::proof(self)
    }
}
