-- "LiteLLM_SpendLogs" as LiteLLM's proxy creates it in PostgreSQL.
-- Source: the Prisma migrations of the litellm-proxy-extras package, version 0.4.110 (PyPI,
-- https://github.com/BerriAI/litellm, MIT license, Copyright (c) 2023 Berri AI), merged into one
-- CREATE TABLE: 20250326162113_baseline, then the columns later migrations add, in the order they add
-- them (add_session_id, add_status_to_spendlogs, add_mcp_namespaced_tool_name, Add organization_id to
-- spend logs, add_daily_agent_spend_table, spend_logs_request_duration, add_spend_log_timestamps,
-- add_litellm_call_id_spend_logs, agent_identity). Applying all 221 migrations of that version to
-- PostgreSQL 15 gives exactly these columns, types, defaults and order (checked with
-- information_schema.columns). The two indexes request_log_indexes.py builds after migrating
-- (api_key+startTime, litellm_call_id) are not included: they do not change what is read.
-- tests/test_real_schemas.py checks these columns against schema.prisma of the installed litellm.
CREATE TABLE "LiteLLM_SpendLogs" (
    "request_id" TEXT NOT NULL,
    "call_type" TEXT NOT NULL,
    "api_key" TEXT NOT NULL DEFAULT '',
    "spend" DOUBLE PRECISION NOT NULL DEFAULT 0.0,
    "total_tokens" INTEGER NOT NULL DEFAULT 0,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3) NOT NULL,
    "completionStartTime" TIMESTAMP(3),
    "model" TEXT NOT NULL DEFAULT '',
    "model_id" TEXT DEFAULT '',
    "model_group" TEXT DEFAULT '',
    "custom_llm_provider" TEXT DEFAULT '',
    "api_base" TEXT DEFAULT '',
    "user" TEXT DEFAULT '',
    "metadata" JSONB DEFAULT '{}',
    "cache_hit" TEXT DEFAULT '',
    "cache_key" TEXT DEFAULT '',
    "request_tags" JSONB DEFAULT '[]',
    "team_id" TEXT,
    "end_user" TEXT,
    "requester_ip_address" TEXT,
    "messages" JSONB DEFAULT '{}',
    "response" JSONB DEFAULT '{}',
    "proxy_server_request" JSONB DEFAULT '{}',
    "session_id" TEXT,
    "status" TEXT,
    "mcp_namespaced_tool_name" TEXT,
    "organization_id" TEXT,
    "agent_id" TEXT,
    "request_duration_ms" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "litellm_call_id" TEXT,
    "billing_agent_id" TEXT,

    CONSTRAINT "LiteLLM_SpendLogs_pkey" PRIMARY KEY ("request_id")
);
CREATE INDEX "LiteLLM_SpendLogs_startTime_idx" ON "LiteLLM_SpendLogs"("startTime");
CREATE INDEX "LiteLLM_SpendLogs_end_user_idx" ON "LiteLLM_SpendLogs"("end_user");
CREATE INDEX "LiteLLM_SpendLogs_session_id_idx" ON "LiteLLM_SpendLogs"("session_id");
CREATE INDEX "LiteLLM_SpendLogs_startTime_request_id_idx" ON "LiteLLM_SpendLogs"("startTime", "request_id");
