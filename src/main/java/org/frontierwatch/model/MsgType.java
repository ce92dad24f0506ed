package org.frontierwatch.model;

/** CAP 1.2 {@code msgType} values Frontier Watch emits: a new alert, an update of it, or its cancellation. */
public enum MsgType { Alert, Update, Cancel }
