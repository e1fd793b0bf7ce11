/**
 * The router's pure decisions about a request and its answer, free of Netty and of sockets: whether a request head
 * is admitted ({@link io.scimrouter.policy.Admission}), what a tenant decision means for the client
 * ({@link io.scimrouter.policy.TenantAnswers}), how an answer is framed and which connections survive it
 * ({@link io.scimrouter.policy.ResponseFraming}), which lifecycle steps an exchange may take
 * ({@link io.scimrouter.policy.ExchangePhase}), what a refusal by the limits answers
 * ({@link io.scimrouter.policy.OverloadAnswers}), whose forwarding headers are believed
 * ({@link io.scimrouter.policy.Forwarding}). The handlers in {@code server} only apply them.
 *
 * <p>May import {@code route}, {@code tenant} and {@code limit} (their decision types), {@code config} (its value
 * types) and the JDK; never Netty, {@code server}, {@code upstream} or the root package.
 */
package io.scimrouter.policy;
