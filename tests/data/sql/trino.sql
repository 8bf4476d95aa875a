-- llmcost: the cube of a `calls` table, in trino (python tests/test_sqlcube.py --update)
WITH "typed" AS (
  SELECT
    "seq" AS "_o0",
    FALSE AS "_skip",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END,
        '^(([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[469]|11)-(0[1-9]|[12][0-9]|30)|([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-02-(0[1-9]|1[0-9]|2[0-8])|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)-02-29)([T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$'
      )
      THEN CAST(CAST(CASE
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{9}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            30
          )
        )
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{8}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            29
          )
        )
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{7}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            28
          )
        )
        ELSE CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END
      END AS TIMESTAMP WITH TIME ZONE) AS TIMESTAMP)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN (
          CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) >= 19000101
          AND CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) <= 20991231
        )
        AND CAST(CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE)
        )
        THEN CASE
          WHEN REGEXP_LIKE(
            CAST(CAST(CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) AS BIGINT) AS VARCHAR),
            '^((19|20)[0-9]{2}(0[13578]|1[02])(0[1-9]|[12][0-9]|3[01])|(19|20)[0-9]{2}(0[469]|11)(0[1-9]|[12][0-9]|30)|(19|20)[0-9]{2}02(0[1-9]|1[0-9]|2[0-8])|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)0229)$'
          )
          THEN CAST(CAST(CONCAT(
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              1,
              4
            ),
            '-',
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              5,
              2
            ),
            '-',
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              7,
              2
            )
          ) AS DATE) AS TIMESTAMP)
        END
        WHEN CAST(CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END AS DOUBLE) >= 100000000.0
        AND CASE
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 1e+17
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) / 1000
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 100000000000000.0
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE)
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 100000000000.0
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) * 1000
          ELSE CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) * 1000000
        END < 4000000000000000.0
        THEN FROM_UNIXTIME(CAST(CAST(ROUND(
          CASE
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 1e+17
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) / 1000
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 100000000000000.0
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 100000000000.0
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) * 1000
            ELSE CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) * 1000000
          END
        ) AS BIGINT) AS DOUBLE) / POW(10, 6))
      END
    END AS "timestamp",
    NULLIF(
      CASE
        WHEN SUBSTR("model", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("model", LENGTH("model") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "model")
        ELSE "model"
      END,
      ''
    ) AS "model",
    CAST("input_tokens" AS BIGINT) AS "input_tokens",
    CAST("output_tokens" AS BIGINT) AS "output_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
        ELSE "cached_input_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
            ELSE "cached_input_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
            ELSE "cached_input_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cached_input_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
        ELSE "cache_write_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
            ELSE "cache_write_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
            ELSE "cache_write_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cache_write_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
        ELSE "cache_write_1h_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
            ELSE "cache_write_1h_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
            ELSE "cache_write_1h_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cache_write_1h_tokens",
    NULLIF(
      CASE
        WHEN SUBSTR("customer_id", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("customer_id", LENGTH("customer_id") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "customer_id")
        ELSE "customer_id"
      END,
      ''
    ) AS "customer_id",
    NULLIF(
      CASE
        WHEN SUBSTR("feature", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("feature", LENGTH("feature") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feature")
        ELSE "feature"
      END,
      ''
    ) AS "feature",
    NULLIF(
      CASE
        WHEN SUBSTR("request_id", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("request_id", LENGTH("request_id") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "request_id")
        ELSE "request_id"
      END,
      ''
    ) AS "request_id",
    CAST("cost" AS DOUBLE) AS "cost",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
          ELSE "latency_ms"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
        ELSE "latency_ms"
      END AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^[+-]?nan$'
      )
      THEN CAST('Nan' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^[+]?inf(inity)?$'
      )
      THEN CAST('Infinity' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^-inf(inity)?$'
      )
      THEN CAST('-Infinity' AS DOUBLE)
    END AS "latency_ms",
    NULLIF(
      CASE
        WHEN SUBSTR("status", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("status", LENGTH("status") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "status")
        ELSE "status"
      END,
      ''
    ) AS "status",
    NULLIF(
      CASE
        WHEN SUBSTR("error", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("error", LENGTH("error") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "error")
        ELSE "error"
      END,
      ''
    ) AS "error",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("batch", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("batch", LENGTH("batch") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "batch")
          ELSE "batch"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("batch", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("batch", LENGTH("batch") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "batch")
          ELSE "batch"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "batch",
    NULLIF(
      CASE
        WHEN SUBSTR("service_tier", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("service_tier", LENGTH("service_tier") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "service_tier")
        ELSE "service_tier"
      END,
      ''
    ) AS "service_tier",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("feedback", LENGTH("feedback") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
          ELSE "feedback"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("feedback", LENGTH("feedback") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
        ELSE "feedback"
      END AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^[+-]?nan$'
      )
      THEN CAST('Nan' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^[+]?inf(inity)?$'
      )
      THEN CAST('Infinity' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^-inf(inity)?$'
      )
      THEN CAST('-Infinity' AS DOUBLE)
    END AS "feedback",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("accepted", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("accepted", LENGTH("accepted") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "accepted")
          ELSE "accepted"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("accepted", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("accepted", LENGTH("accepted") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "accepted")
          ELSE "accepted"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "accepted",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("success", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("success", LENGTH("success") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "success")
          ELSE "success"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("success", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("success", LENGTH("success") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "success")
          ELSE "success"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "success",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("is_retry", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("is_retry", LENGTH("is_retry") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "is_retry")
          ELSE "is_retry"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("is_retry", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("is_retry", LENGTH("is_retry") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "is_retry")
          ELSE "is_retry"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "is_retry",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("escalated", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("escalated", LENGTH("escalated") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "escalated")
          ELSE "escalated"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("escalated", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("escalated", LENGTH("escalated") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "escalated")
          ELSE "escalated"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "escalated",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
        ELSE "reasoning_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
            ELSE "reasoning_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
            ELSE "reasoning_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "reasoning_tokens",
    COALESCE(LENGTH("timestamp") > 0, FALSE) AS "_given_timestamp",
    COALESCE(LENGTH("model") > 0, FALSE) AS "_given_model",
    NOT "input_tokens" IS NULL AS "_given_input_tokens",
    NOT "output_tokens" IS NULL AS "_given_output_tokens",
    COALESCE(LENGTH("cached_input_tokens") > 0, FALSE) AS "_given_cached_input_tokens",
    COALESCE(LENGTH("cache_write_tokens") > 0, FALSE) AS "_given_cache_write_tokens",
    COALESCE(LENGTH("cache_write_1h_tokens") > 0, FALSE) AS "_given_cache_write_1h_tokens",
    COALESCE(LENGTH("customer_id") > 0, FALSE) AS "_given_customer_id",
    COALESCE(LENGTH("feature") > 0, FALSE) AS "_given_feature",
    COALESCE(LENGTH("request_id") > 0, FALSE) AS "_given_request_id",
    NOT "cost" IS NULL AS "_given_cost",
    COALESCE(LENGTH("latency_ms") > 0, FALSE) AS "_given_latency_ms",
    COALESCE(LENGTH("status") > 0, FALSE) AS "_given_status",
    COALESCE(LENGTH("error") > 0, FALSE) AS "_given_error",
    COALESCE(LENGTH("batch") > 0, FALSE) AS "_given_batch",
    COALESCE(LENGTH("service_tier") > 0, FALSE) AS "_given_service_tier",
    COALESCE(LENGTH("feedback") > 0, FALSE) AS "_given_feedback",
    COALESCE(LENGTH("accepted") > 0, FALSE) AS "_given_accepted",
    COALESCE(LENGTH("success") > 0, FALSE) AS "_given_success",
    COALESCE(LENGTH("is_retry") > 0, FALSE) AS "_given_is_retry",
    COALESCE(LENGTH("escalated") > 0, FALSE) AS "_given_escalated",
    COALESCE(LENGTH("reasoning_tokens") > 0, FALSE) AS "_given_reasoning_tokens"
  FROM "calls"
), "converted" AS (
  SELECT
    "_o0",
    "_skip",
    "timestamp",
    "model",
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "cache_write_1h_tokens",
    "customer_id",
    "feature",
    "request_id",
    "cost",
    "latency_ms",
    "status",
    "error",
    "batch",
    "service_tier",
    "feedback",
    "accepted",
    "success",
    "is_retry",
    "escalated",
    "reasoning_tokens",
    "_given_timestamp",
    "_given_model",
    "_given_input_tokens",
    "_given_output_tokens",
    "_given_cached_input_tokens",
    "_given_cache_write_tokens",
    "_given_cache_write_1h_tokens",
    "_given_customer_id",
    "_given_feature",
    "_given_request_id",
    "_given_cost",
    "_given_latency_ms",
    "_given_status",
    "_given_error",
    "_given_batch",
    "_given_service_tier",
    "_given_feedback",
    "_given_accepted",
    "_given_success",
    "_given_is_retry",
    "_given_escalated",
    "_given_reasoning_tokens",
    CASE
      WHEN COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0) > 0
      THEN 1
      ELSE 0
    END AS "_cache_rows",
    CASE
      WHEN COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0) > 0
      AND "input_tokens" >= COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0)
      THEN 1
      ELSE 0
    END AS "_looks_openai"
  FROM "typed"
), "checked" AS (
  SELECT
    "_o0",
    "_skip",
    "timestamp",
    "model",
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "cache_write_1h_tokens",
    "customer_id",
    "feature",
    "request_id",
    "cost",
    "latency_ms",
    "error",
    "batch",
    "service_tier",
    "feedback",
    "accepted",
    "success",
    "is_retry",
    "escalated",
    "reasoning_tokens",
    "_cache_rows",
    "_looks_openai",
    CASE
      WHEN (
        NOT "error" IS NULL AND NOT LOWER("error") IN ('false', '0', 'none')
      )
      AND CASE
        WHEN LOWER("status") IS NULL
        OR LOWER("status") IN (
          'ok',
          'success',
          'succeeded',
          'completed',
          'complete',
          '200',
          '',
          'default',
          'debug',
          'info',
          'warning'
        )
        THEN 'ok'
        WHEN LOWER("status") IN ('timeout', 'timed_out', 'timedout', 'time_out', '408', '504')
        OR LOWER("status") LIKE '%timeout%'
        THEN 'timeout'
        WHEN CASE
          WHEN REGEXP_LIKE(LOWER("status"), '^[+-]?[0-9]{1,18}$')
          THEN CAST(LOWER("status") AS BIGINT)
        END < 400
        THEN 'ok'
        ELSE 'error'
      END = 'ok'
      THEN 'error'
      ELSE CASE
        WHEN LOWER("status") IS NULL
        OR LOWER("status") IN (
          'ok',
          'success',
          'succeeded',
          'completed',
          'complete',
          '200',
          '',
          'default',
          'debug',
          'info',
          'warning'
        )
        THEN 'ok'
        WHEN LOWER("status") IN ('timeout', 'timed_out', 'timedout', 'time_out', '408', '504')
        OR LOWER("status") LIKE '%timeout%'
        THEN 'timeout'
        WHEN CASE
          WHEN REGEXP_LIKE(LOWER("status"), '^[+-]?[0-9]{1,18}$')
          THEN CAST(LOWER("status") AS BIGINT)
        END < 400
        THEN 'ok'
        ELSE 'error'
      END
    END AS "status",
    CASE
      WHEN "_skip"
      THEN CAST(NULL AS VARCHAR)
      WHEN NOT "_given_timestamp"
      THEN 'timestamp: missing'
      WHEN "_given_timestamp" AND "timestamp" IS NULL
      THEN 'timestamp: not a date-time (ISO 8601, a compact date, or epoch time from 1973 on)'
      WHEN NOT "_given_model"
      THEN 'model: missing'
      WHEN NOT "_given_input_tokens"
      THEN 'input_tokens: missing'
      WHEN "_given_input_tokens" AND "input_tokens" IS NULL
      THEN 'input_tokens: not a whole number'
      WHEN NOT "_given_output_tokens"
      THEN 'output_tokens: missing'
      WHEN "_given_output_tokens" AND "output_tokens" IS NULL
      THEN 'output_tokens: not a whole number'
      WHEN "model" IS NULL
      THEN 'model: missing'
      WHEN "timestamp" > CAST('2026-07-02 12:00:00' AS TIMESTAMP)
      THEN 'timestamp: in the future (after 2026-07-02 12:00 UTC; a skewed clock?)'
      WHEN "_given_cached_input_tokens" AND "cached_input_tokens" IS NULL
      THEN 'cached_input_tokens: not a whole number'
      WHEN "_given_cache_write_tokens" AND "cache_write_tokens" IS NULL
      THEN 'cache_write_tokens: not a whole number'
      WHEN "_given_cache_write_1h_tokens" AND "cache_write_1h_tokens" IS NULL
      THEN 'cache_write_1h_tokens: not a whole number'
      WHEN "_given_cost" AND "cost" IS NULL
      THEN 'cost: not a number'
      WHEN "_given_latency_ms" AND "latency_ms" IS NULL
      THEN 'latency_ms: not a number'
      WHEN "_given_status" AND "status" IS NULL
      THEN 'status: unknown'
      WHEN "_given_batch" AND "batch" IS NULL
      THEN 'batch: not true/false'
      WHEN "_given_feedback" AND "feedback" IS NULL
      THEN 'feedback: not a number'
      WHEN "_given_accepted" AND "accepted" IS NULL
      THEN 'accepted: not true/false'
      WHEN "_given_success" AND "success" IS NULL
      THEN 'success: not true/false'
      WHEN "_given_is_retry" AND "is_retry" IS NULL
      THEN 'is_retry: not true/false'
      WHEN "_given_escalated" AND "escalated" IS NULL
      THEN 'escalated: not true/false'
      WHEN "_given_reasoning_tokens" AND "reasoning_tokens" IS NULL
      THEN 'reasoning_tokens: not a whole number'
      WHEN "input_tokens" < 0
      THEN 'input_tokens: negative'
      WHEN "input_tokens" > 1000000000000
      THEN 'input_tokens: above 10^12, not a token count'
      WHEN "output_tokens" < 0
      THEN 'output_tokens: negative'
      WHEN "output_tokens" > 1000000000000
      THEN 'output_tokens: above 10^12, not a token count'
      WHEN "cached_input_tokens" < 0
      THEN 'cached_input_tokens: negative'
      WHEN "cached_input_tokens" > 1000000000000
      THEN 'cached_input_tokens: above 10^12, not a token count'
      WHEN "cache_write_tokens" < 0
      THEN 'cache_write_tokens: negative'
      WHEN "cache_write_tokens" > 1000000000000
      THEN 'cache_write_tokens: above 10^12, not a token count'
      WHEN "cache_write_1h_tokens" < 0
      THEN 'cache_write_1h_tokens: negative'
      WHEN "cache_write_1h_tokens" > 1000000000000
      THEN 'cache_write_1h_tokens: above 10^12, not a token count'
      WHEN "reasoning_tokens" < 0
      THEN 'reasoning_tokens: negative'
      WHEN "reasoning_tokens" > 1000000000000
      THEN 'reasoning_tokens: above 10^12, not a token count'
      WHEN NOT "cost" * 0 = 0
      THEN 'cost: not a finite number'
      WHEN "cost" < 0
      THEN 'cost: negative'
      WHEN NOT "latency_ms" * 0 = 0
      THEN 'latency_ms: not a finite number'
      WHEN "latency_ms" < 0
      THEN 'latency_ms: negative'
      WHEN NOT "feedback" * 0 = 0
      THEN 'feedback: not a finite number'
      WHEN "cost" > 1000000000000.0
      THEN 'cost: above 10^12 in one call'
      WHEN "latency_ms" > 1000000000000.0
      THEN 'latency_ms: above 10^12 in one call'
      WHEN "feedback" < -1000000000000.0
      THEN 'feedback: below -10^12'
      WHEN "feedback" > 1000000000000.0
      THEN 'feedback: above 10^12 in one call'
      WHEN COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0) > COALESCE("input_tokens", 0)
      THEN 'cached_input_tokens + cache_write_tokens exceed input_tokens (Anthropic-style log? set token_convention: anthropic)'
      WHEN COALESCE("cache_write_1h_tokens", 0) > COALESCE("cache_write_tokens", 0)
      THEN 'cache_write_1h_tokens exceed cache_write_tokens'
    END AS "_reason"
  FROM "converted"
), "repeated" AS (
  SELECT
    "request_id"
  FROM "checked"
  WHERE
    NOT "_skip" AND NOT "request_id" IS NULL
  GROUP BY
    "request_id"
  HAVING
    COUNT(*) > 1
), "deduped" AS (
  SELECT
    "c"."_o0" AS "_o0",
    "c"."_skip" AS "_skip",
    "c"."timestamp" AS "timestamp",
    "c"."model" AS "model",
    "c"."input_tokens" AS "input_tokens",
    "c"."output_tokens" AS "output_tokens",
    "c"."cached_input_tokens" AS "cached_input_tokens",
    "c"."cache_write_tokens" AS "cache_write_tokens",
    "c"."cache_write_1h_tokens" AS "cache_write_1h_tokens",
    "c"."customer_id" AS "customer_id",
    "c"."feature" AS "feature",
    "c"."request_id" AS "request_id",
    "c"."cost" AS "cost",
    "c"."latency_ms" AS "latency_ms",
    "c"."status" AS "status",
    "c"."error" AS "error",
    "c"."batch" AS "batch",
    "c"."service_tier" AS "service_tier",
    "c"."feedback" AS "feedback",
    "c"."accepted" AS "accepted",
    "c"."success" AS "success",
    "c"."is_retry" AS "is_retry",
    "c"."escalated" AS "escalated",
    "c"."reasoning_tokens" AS "reasoning_tokens",
    "c"."_cache_rows" AS "_cache_rows",
    "c"."_looks_openai" AS "_looks_openai",
    "c"."_reason" AS "_reason",
    FALSE AS "_dup"
  FROM "checked" AS "c"
  LEFT JOIN "repeated" AS "r"
    ON "c"."request_id" = "r"."request_id"
  WHERE
    "r"."request_id" IS NULL OR "c"."_skip"
  UNION ALL
  SELECT
    "c"."_o0" AS "_o0",
    "c"."_skip" AS "_skip",
    "c"."timestamp" AS "timestamp",
    "c"."model" AS "model",
    "c"."input_tokens" AS "input_tokens",
    "c"."output_tokens" AS "output_tokens",
    "c"."cached_input_tokens" AS "cached_input_tokens",
    "c"."cache_write_tokens" AS "cache_write_tokens",
    "c"."cache_write_1h_tokens" AS "cache_write_1h_tokens",
    "c"."customer_id" AS "customer_id",
    "c"."feature" AS "feature",
    "c"."request_id" AS "request_id",
    "c"."cost" AS "cost",
    "c"."latency_ms" AS "latency_ms",
    "c"."status" AS "status",
    "c"."error" AS "error",
    "c"."batch" AS "batch",
    "c"."service_tier" AS "service_tier",
    "c"."feedback" AS "feedback",
    "c"."accepted" AS "accepted",
    "c"."success" AS "success",
    "c"."is_retry" AS "is_retry",
    "c"."escalated" AS "escalated",
    "c"."reasoning_tokens" AS "reasoning_tokens",
    "c"."_cache_rows" AS "_cache_rows",
    "c"."_looks_openai" AS "_looks_openai",
    "c"."_reason" AS "_reason",
    ROW_NUMBER() OVER (PARTITION BY "c"."request_id" ORDER BY "c"."_o0" DESC) > 1 AS "_dup"
  FROM "checked" AS "c"
  INNER JOIN "repeated" AS "r"
    ON "c"."request_id" = "r"."request_id"
  WHERE
    NOT "c"."_skip"
)
SELECT
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN "customer_id"
  END AS "customer_id",
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN CAST(DATE_TRUNC('MONTH', "timestamp") AS DATE)
  END AS "period",
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN LOWER("model")
  END AS "_model",
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN CASE WHEN "timestamp" >= CAST('2025-01-01 00:00:00' AS TIMESTAMP) THEN 1 ELSE 0 END + CASE WHEN "timestamp" >= CAST('2026-06-01 00:00:00' AS TIMESTAMP) THEN 1 ELSE 0 END
  END AS "_seg",
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN CASE WHEN "input_tokens" > 200000 THEN 1 ELSE 0 END
  END AS "_bucket",
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN CASE
      WHEN COALESCE("batch", FALSE)
      THEN 'batch'
      WHEN LOWER(TRIM("service_tier")) = 'batch'
      THEN 'batch'
      WHEN LOWER(TRIM("service_tier")) = 'flex'
      THEN 'flex'
      WHEN LOWER(TRIM("service_tier")) = 'priority'
      THEN 'priority'
      ELSE 'standard'
    END
  END AS "_tier",
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN CAST(DATE_TRUNC('MONTH', "timestamp") AS DATE)
  END AS "_month",
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN "timestamp" >= CAST('2026-05-01 00:00:00' AS TIMESTAMP)
    AND "timestamp" < CAST('2026-07-01 00:00:00' AS TIMESTAMP)
  END AS "_in",
  CASE
    WHEN CASE
      WHEN "_skip"
      THEN 'skipped'
      WHEN NOT "_reason" IS NULL
      THEN 'rejected'
      WHEN "_dup"
      THEN 'duplicate'
      ELSE 'ok'
    END = 'ok'
    THEN NOT "cost" IS NULL
  END AS "_has_cost",
  CASE
    WHEN "_skip"
    THEN 'skipped'
    WHEN NOT "_reason" IS NULL
    THEN 'rejected'
    WHEN "_dup"
    THEN 'duplicate'
    ELSE 'ok'
  END AS "_state",
  "_reason",
  COUNT(*) AS "inferences",
  SUM(COALESCE("input_tokens", 0)) AS "input_tokens",
  SUM(COALESCE("cached_input_tokens", 0)) AS "cached_input_tokens",
  SUM(COALESCE("cache_write_tokens", 0)) AS "cache_write_tokens",
  SUM(COALESCE("cache_write_1h_tokens", 0)) AS "cache_write_1h_tokens",
  SUM(COALESCE("output_tokens", 0)) AS "output_tokens",
  COALESCE(
    CAST(SUM(
      CAST(FLOOR(
        ROUND(
          CASE
            WHEN "cost" * 0 = 0 AND ABS("cost") <= 1000000000000.0
            THEN "cost" * 1000000000000000.0
            ELSE 0.0
          END
        ) / CAST(4294967296 AS DOUBLE)
      ) AS BIGINT) * CAST(4294967296 AS DECIMAL(38, 0)) + CAST(ROUND(
        CASE
          WHEN "cost" * 0 = 0 AND ABS("cost") <= 1000000000000.0
          THEN "cost" * 1000000000000000.0
          ELSE 0.0
        END
      ) - FLOOR(
        ROUND(
          CASE
            WHEN "cost" * 0 = 0 AND ABS("cost") <= 1000000000000.0
            THEN "cost" * 1000000000000000.0
            ELSE 0.0
          END
        ) / CAST(4294967296 AS DOUBLE)
      ) * CAST(4294967296 AS DOUBLE) AS BIGINT)
    ) AS DOUBLE) / CAST(1000000000000000.0 AS DOUBLE),
    0.0
  ) AS "logged_cost",
  SUM(COALESCE("reasoning_tokens", 0)) AS "reasoning_tokens",
  SUM(CASE WHEN NOT "reasoning_tokens" IS NULL THEN 1 ELSE 0 END) AS "reasoning_known",
  SUM(CASE WHEN "status" <> 'ok' THEN 1 ELSE 0 END) AS "errors",
  SUM(CASE WHEN "status" = 'timeout' THEN 1 ELSE 0 END) AS "timeouts",
  COALESCE(
    CAST(SUM(
      CAST(FLOOR(
        ROUND(
          CASE
            WHEN "latency_ms" * 0 = 0 AND ABS("latency_ms") <= 1000000000000.0
            THEN "latency_ms" * 1000000000000000.0
            ELSE 0.0
          END
        ) / CAST(4294967296 AS DOUBLE)
      ) AS BIGINT) * CAST(4294967296 AS DECIMAL(38, 0)) + CAST(ROUND(
        CASE
          WHEN "latency_ms" * 0 = 0 AND ABS("latency_ms") <= 1000000000000.0
          THEN "latency_ms" * 1000000000000000.0
          ELSE 0.0
        END
      ) - FLOOR(
        ROUND(
          CASE
            WHEN "latency_ms" * 0 = 0 AND ABS("latency_ms") <= 1000000000000.0
            THEN "latency_ms" * 1000000000000000.0
            ELSE 0.0
          END
        ) / CAST(4294967296 AS DOUBLE)
      ) * CAST(4294967296 AS DOUBLE) AS BIGINT)
    ) AS DOUBLE) / CAST(1000000000000000.0 AS DOUBLE),
    0.0
  ) AS "latency_sum",
  SUM(CASE WHEN NOT "latency_ms" IS NULL THEN 1 ELSE 0 END) AS "latency_known",
  COALESCE(
    CAST(SUM(
      CAST(FLOOR(
        ROUND(
          CASE
            WHEN "feedback" * 0 = 0 AND ABS("feedback") <= 1000000000000.0
            THEN "feedback" * 1000000000000000.0
            ELSE 0.0
          END
        ) / CAST(4294967296 AS DOUBLE)
      ) AS BIGINT) * CAST(4294967296 AS DECIMAL(38, 0)) + CAST(ROUND(
        CASE
          WHEN "feedback" * 0 = 0 AND ABS("feedback") <= 1000000000000.0
          THEN "feedback" * 1000000000000000.0
          ELSE 0.0
        END
      ) - FLOOR(
        ROUND(
          CASE
            WHEN "feedback" * 0 = 0 AND ABS("feedback") <= 1000000000000.0
            THEN "feedback" * 1000000000000000.0
            ELSE 0.0
          END
        ) / CAST(4294967296 AS DOUBLE)
      ) * CAST(4294967296 AS DOUBLE) AS BIGINT)
    ) AS DOUBLE) / CAST(1000000000000000.0 AS DOUBLE),
    0.0
  ) AS "feedback_sum",
  SUM(CASE WHEN NOT "feedback" IS NULL THEN 1 ELSE 0 END) AS "feedback_known",
  SUM(CASE WHEN COALESCE("accepted", FALSE) THEN 1 ELSE 0 END) AS "accepted_true",
  SUM(CASE WHEN NOT "accepted" IS NULL THEN 1 ELSE 0 END) AS "accepted_known",
  SUM(CASE WHEN COALESCE("success", FALSE) THEN 1 ELSE 0 END) AS "success_true",
  SUM(CASE WHEN NOT "success" IS NULL THEN 1 ELSE 0 END) AS "success_known",
  SUM(CASE WHEN COALESCE("is_retry", FALSE) THEN 1 ELSE 0 END) AS "retry_true",
  SUM(CASE WHEN NOT "is_retry" IS NULL THEN 1 ELSE 0 END) AS "retry_known",
  SUM(CASE WHEN COALESCE("escalated", FALSE) THEN 1 ELSE 0 END) AS "escalated_true",
  SUM(CASE WHEN NOT "escalated" IS NULL THEN 1 ELSE 0 END) AS "escalated_known",
  SUM(
    CASE
      WHEN "feedback" > 3.999999 OR (
        NOT "feedback" * 0 = 0 AND NOT "feedback" < 0
      )
      THEN 1
      ELSE 0
    END
  ) AS "feedback_ge4",
  SUM(
    CASE
      WHEN "feedback" > 0.0 OR (
        NOT "feedback" * 0 = 0 AND NOT "feedback" < 0
      )
      THEN 1
      ELSE 0
    END
  ) AS "feedback_positive",
  SUM(
    CASE
      WHEN "feedback" > 0.5 OR (
        NOT "feedback" * 0 = 0 AND NOT "feedback" < 0
      )
      THEN 1
      ELSE 0
    END
  ) AS "feedback_over_half",
  SUM("_cache_rows") AS "_cache_rows",
  SUM("_looks_openai") AS "_looks_openai",
  COALESCE(
    MIN(
      CASE
        WHEN "feedback" * 0 = 0 OR ABS("feedback") = CAST('Infinity' AS DOUBLE)
        THEN "feedback"
      END
    ),
    MIN("feedback")
  ) AS "feedback_min",
  COALESCE(
    MAX(
      CASE
        WHEN "feedback" * 0 = 0 OR ABS("feedback") = CAST('Infinity' AS DOUBLE)
        THEN "feedback"
      END
    ),
    MAX("feedback")
  ) AS "feedback_max",
  MIN("timestamp") AS "first"
FROM "deduped"
WHERE
  "timestamp" IS NULL
  OR (
    "timestamp" >= CAST('2026-05-01 00:00:00' AS TIMESTAMP)
    AND "timestamp" < CAST('2026-07-01 00:00:00' AS TIMESTAMP)
  )
GROUP BY
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11;
WITH "typed" AS (
  SELECT
    "seq" AS "_o0",
    FALSE AS "_skip",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END,
        '^(([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[469]|11)-(0[1-9]|[12][0-9]|30)|([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-02-(0[1-9]|1[0-9]|2[0-8])|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)-02-29)([T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$'
      )
      THEN CAST(CAST(CASE
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{9}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            30
          )
        )
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{8}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            29
          )
        )
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{7}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            28
          )
        )
        ELSE CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END
      END AS TIMESTAMP WITH TIME ZONE) AS TIMESTAMP)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN (
          CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) >= 19000101
          AND CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) <= 20991231
        )
        AND CAST(CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE)
        )
        THEN CASE
          WHEN REGEXP_LIKE(
            CAST(CAST(CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) AS BIGINT) AS VARCHAR),
            '^((19|20)[0-9]{2}(0[13578]|1[02])(0[1-9]|[12][0-9]|3[01])|(19|20)[0-9]{2}(0[469]|11)(0[1-9]|[12][0-9]|30)|(19|20)[0-9]{2}02(0[1-9]|1[0-9]|2[0-8])|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)0229)$'
          )
          THEN CAST(CAST(CONCAT(
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              1,
              4
            ),
            '-',
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              5,
              2
            ),
            '-',
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              7,
              2
            )
          ) AS DATE) AS TIMESTAMP)
        END
        WHEN CAST(CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END AS DOUBLE) >= 100000000.0
        AND CASE
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 1e+17
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) / 1000
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 100000000000000.0
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE)
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 100000000000.0
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) * 1000
          ELSE CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) * 1000000
        END < 4000000000000000.0
        THEN FROM_UNIXTIME(CAST(CAST(ROUND(
          CASE
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 1e+17
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) / 1000
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 100000000000000.0
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 100000000000.0
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) * 1000
            ELSE CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) * 1000000
          END
        ) AS BIGINT) AS DOUBLE) / POW(10, 6))
      END
    END AS "timestamp",
    NULLIF(
      CASE
        WHEN SUBSTR("model", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("model", LENGTH("model") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "model")
        ELSE "model"
      END,
      ''
    ) AS "model",
    CAST("input_tokens" AS BIGINT) AS "input_tokens",
    CAST("output_tokens" AS BIGINT) AS "output_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
        ELSE "cached_input_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
            ELSE "cached_input_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
            ELSE "cached_input_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cached_input_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
        ELSE "cache_write_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
            ELSE "cache_write_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
            ELSE "cache_write_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cache_write_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
        ELSE "cache_write_1h_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
            ELSE "cache_write_1h_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
            ELSE "cache_write_1h_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cache_write_1h_tokens",
    NULLIF(
      CASE
        WHEN SUBSTR("customer_id", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("customer_id", LENGTH("customer_id") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "customer_id")
        ELSE "customer_id"
      END,
      ''
    ) AS "customer_id",
    NULLIF(
      CASE
        WHEN SUBSTR("feature", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("feature", LENGTH("feature") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feature")
        ELSE "feature"
      END,
      ''
    ) AS "feature",
    NULLIF(
      CASE
        WHEN SUBSTR("request_id", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("request_id", LENGTH("request_id") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "request_id")
        ELSE "request_id"
      END,
      ''
    ) AS "request_id",
    CAST("cost" AS DOUBLE) AS "cost",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
          ELSE "latency_ms"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
        ELSE "latency_ms"
      END AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^[+-]?nan$'
      )
      THEN CAST('Nan' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^[+]?inf(inity)?$'
      )
      THEN CAST('Infinity' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^-inf(inity)?$'
      )
      THEN CAST('-Infinity' AS DOUBLE)
    END AS "latency_ms",
    NULLIF(
      CASE
        WHEN SUBSTR("status", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("status", LENGTH("status") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "status")
        ELSE "status"
      END,
      ''
    ) AS "status",
    NULLIF(
      CASE
        WHEN SUBSTR("error", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("error", LENGTH("error") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "error")
        ELSE "error"
      END,
      ''
    ) AS "error",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("batch", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("batch", LENGTH("batch") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "batch")
          ELSE "batch"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("batch", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("batch", LENGTH("batch") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "batch")
          ELSE "batch"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "batch",
    NULLIF(
      CASE
        WHEN SUBSTR("service_tier", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("service_tier", LENGTH("service_tier") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "service_tier")
        ELSE "service_tier"
      END,
      ''
    ) AS "service_tier",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("feedback", LENGTH("feedback") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
          ELSE "feedback"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("feedback", LENGTH("feedback") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
        ELSE "feedback"
      END AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^[+-]?nan$'
      )
      THEN CAST('Nan' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^[+]?inf(inity)?$'
      )
      THEN CAST('Infinity' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^-inf(inity)?$'
      )
      THEN CAST('-Infinity' AS DOUBLE)
    END AS "feedback",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("accepted", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("accepted", LENGTH("accepted") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "accepted")
          ELSE "accepted"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("accepted", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("accepted", LENGTH("accepted") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "accepted")
          ELSE "accepted"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "accepted",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("success", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("success", LENGTH("success") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "success")
          ELSE "success"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("success", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("success", LENGTH("success") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "success")
          ELSE "success"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "success",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("is_retry", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("is_retry", LENGTH("is_retry") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "is_retry")
          ELSE "is_retry"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("is_retry", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("is_retry", LENGTH("is_retry") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "is_retry")
          ELSE "is_retry"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "is_retry",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("escalated", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("escalated", LENGTH("escalated") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "escalated")
          ELSE "escalated"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("escalated", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("escalated", LENGTH("escalated") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "escalated")
          ELSE "escalated"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "escalated",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
        ELSE "reasoning_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
            ELSE "reasoning_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
            ELSE "reasoning_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "reasoning_tokens",
    COALESCE(LENGTH("timestamp") > 0, FALSE) AS "_given_timestamp",
    COALESCE(LENGTH("model") > 0, FALSE) AS "_given_model",
    NOT "input_tokens" IS NULL AS "_given_input_tokens",
    NOT "output_tokens" IS NULL AS "_given_output_tokens",
    COALESCE(LENGTH("cached_input_tokens") > 0, FALSE) AS "_given_cached_input_tokens",
    COALESCE(LENGTH("cache_write_tokens") > 0, FALSE) AS "_given_cache_write_tokens",
    COALESCE(LENGTH("cache_write_1h_tokens") > 0, FALSE) AS "_given_cache_write_1h_tokens",
    COALESCE(LENGTH("customer_id") > 0, FALSE) AS "_given_customer_id",
    COALESCE(LENGTH("feature") > 0, FALSE) AS "_given_feature",
    COALESCE(LENGTH("request_id") > 0, FALSE) AS "_given_request_id",
    NOT "cost" IS NULL AS "_given_cost",
    COALESCE(LENGTH("latency_ms") > 0, FALSE) AS "_given_latency_ms",
    COALESCE(LENGTH("status") > 0, FALSE) AS "_given_status",
    COALESCE(LENGTH("error") > 0, FALSE) AS "_given_error",
    COALESCE(LENGTH("batch") > 0, FALSE) AS "_given_batch",
    COALESCE(LENGTH("service_tier") > 0, FALSE) AS "_given_service_tier",
    COALESCE(LENGTH("feedback") > 0, FALSE) AS "_given_feedback",
    COALESCE(LENGTH("accepted") > 0, FALSE) AS "_given_accepted",
    COALESCE(LENGTH("success") > 0, FALSE) AS "_given_success",
    COALESCE(LENGTH("is_retry") > 0, FALSE) AS "_given_is_retry",
    COALESCE(LENGTH("escalated") > 0, FALSE) AS "_given_escalated",
    COALESCE(LENGTH("reasoning_tokens") > 0, FALSE) AS "_given_reasoning_tokens"
  FROM "calls"
)
SELECT
  COUNT(*) AS "rows"
FROM "typed"
WHERE
  "timestamp" IS NULL
  OR (
    "timestamp" >= CAST('2026-05-01 00:00:00' AS TIMESTAMP)
    AND "timestamp" < CAST('2026-07-01 00:00:00' AS TIMESTAMP)
  );
WITH "typed" AS (
  SELECT
    "seq" AS "_o0",
    FALSE AS "_skip",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END,
        '^(([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[469]|11)-(0[1-9]|[12][0-9]|30)|([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-02-(0[1-9]|1[0-9]|2[0-8])|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)-02-29)([T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$'
      )
      THEN CAST(CAST(CASE
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{9}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            30
          )
        )
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{8}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            29
          )
        )
        WHEN REGEXP_LIKE(
          CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END,
          '^.{19}[.][0-9]{7}'
        )
        THEN CONCAT(
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            1,
            26
          ),
          SUBSTR(
            CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END,
            28
          )
        )
        ELSE CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END
      END AS TIMESTAMP WITH TIME ZONE) AS TIMESTAMP)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN (
          CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) >= 19000101
          AND CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) <= 20991231
        )
        AND CAST(CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE)
        )
        THEN CASE
          WHEN REGEXP_LIKE(
            CAST(CAST(CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) AS BIGINT) AS VARCHAR),
            '^((19|20)[0-9]{2}(0[13578]|1[02])(0[1-9]|[12][0-9]|3[01])|(19|20)[0-9]{2}(0[469]|11)(0[1-9]|[12][0-9]|30)|(19|20)[0-9]{2}02(0[1-9]|1[0-9]|2[0-8])|([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)0229)$'
          )
          THEN CAST(CAST(CONCAT(
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              1,
              4
            ),
            '-',
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              5,
              2
            ),
            '-',
            SUBSTR(
              CAST(CAST(CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE) AS BIGINT) AS VARCHAR),
              7,
              2
            )
          ) AS DATE) AS TIMESTAMP)
        END
        WHEN CAST(CASE
          WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("timestamp", LENGTH("timestamp") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
          ELSE "timestamp"
        END AS DOUBLE) >= 100000000.0
        AND CASE
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 1e+17
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) / 1000
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 100000000000000.0
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE)
          WHEN ABS(
            CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
          ) >= 100000000000.0
          THEN CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) * 1000
          ELSE CAST(CASE
            WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("timestamp", LENGTH("timestamp") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
            ELSE "timestamp"
          END AS DOUBLE) * 1000000
        END < 4000000000000000.0
        THEN FROM_UNIXTIME(CAST(CAST(ROUND(
          CASE
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 1e+17
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) / 1000
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 100000000000000.0
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE)
            WHEN ABS(
              CAST(CASE
                WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                OR SUBSTR("timestamp", LENGTH("timestamp") - (
                  1 - 1
                )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
                THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
                ELSE "timestamp"
              END AS DOUBLE)
            ) >= 100000000000.0
            THEN CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) * 1000
            ELSE CAST(CASE
              WHEN SUBSTR("timestamp", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              OR SUBSTR("timestamp", LENGTH("timestamp") - (
                1 - 1
              )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
              THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "timestamp")
              ELSE "timestamp"
            END AS DOUBLE) * 1000000
          END
        ) AS BIGINT) AS DOUBLE) / POW(10, 6))
      END
    END AS "timestamp",
    NULLIF(
      CASE
        WHEN SUBSTR("model", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("model", LENGTH("model") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "model")
        ELSE "model"
      END,
      ''
    ) AS "model",
    CAST("input_tokens" AS BIGINT) AS "input_tokens",
    CAST("output_tokens" AS BIGINT) AS "output_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
        ELSE "cached_input_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
            ELSE "cached_input_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
            ELSE "cached_input_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cached_input_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cached_input_tokens", LENGTH("cached_input_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cached_input_tokens")
          ELSE "cached_input_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cached_input_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
        ELSE "cache_write_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
            ELSE "cache_write_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
            ELSE "cache_write_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cache_write_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_tokens", LENGTH("cache_write_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_tokens")
          ELSE "cache_write_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cache_write_tokens",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
        ELSE "cache_write_1h_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
            ELSE "cache_write_1h_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
            ELSE "cache_write_1h_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("cache_write_1h_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("cache_write_1h_tokens", LENGTH("cache_write_1h_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "cache_write_1h_tokens")
          ELSE "cache_write_1h_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "cache_write_1h_tokens",
    NULLIF(
      CASE
        WHEN SUBSTR("customer_id", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("customer_id", LENGTH("customer_id") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "customer_id")
        ELSE "customer_id"
      END,
      ''
    ) AS "customer_id",
    NULLIF(
      CASE
        WHEN SUBSTR("feature", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("feature", LENGTH("feature") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feature")
        ELSE "feature"
      END,
      ''
    ) AS "feature",
    NULLIF(
      CASE
        WHEN SUBSTR("request_id", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("request_id", LENGTH("request_id") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "request_id")
        ELSE "request_id"
      END,
      ''
    ) AS "request_id",
    CAST("cost" AS DOUBLE) AS "cost",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
          ELSE "latency_ms"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
        ELSE "latency_ms"
      END AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^[+-]?nan$'
      )
      THEN CAST('Nan' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^[+]?inf(inity)?$'
      )
      THEN CAST('Infinity' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("latency_ms", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("latency_ms", LENGTH("latency_ms") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "latency_ms")
            ELSE "latency_ms"
          END
        ),
        '^-inf(inity)?$'
      )
      THEN CAST('-Infinity' AS DOUBLE)
    END AS "latency_ms",
    NULLIF(
      CASE
        WHEN SUBSTR("status", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("status", LENGTH("status") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "status")
        ELSE "status"
      END,
      ''
    ) AS "status",
    NULLIF(
      CASE
        WHEN SUBSTR("error", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("error", LENGTH("error") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "error")
        ELSE "error"
      END,
      ''
    ) AS "error",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("batch", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("batch", LENGTH("batch") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "batch")
          ELSE "batch"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("batch", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("batch", LENGTH("batch") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "batch")
          ELSE "batch"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "batch",
    NULLIF(
      CASE
        WHEN SUBSTR("service_tier", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("service_tier", LENGTH("service_tier") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "service_tier")
        ELSE "service_tier"
      END,
      ''
    ) AS "service_tier",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("feedback", LENGTH("feedback") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
          ELSE "feedback"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("feedback", LENGTH("feedback") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
        ELSE "feedback"
      END AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^[+-]?nan$'
      )
      THEN CAST('Nan' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^[+]?inf(inity)?$'
      )
      THEN CAST('Infinity' AS DOUBLE)
      WHEN REGEXP_LIKE(
        LOWER(
          CASE
            WHEN SUBSTR("feedback", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("feedback", LENGTH("feedback") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "feedback")
            ELSE "feedback"
          END
        ),
        '^-inf(inity)?$'
      )
      THEN CAST('-Infinity' AS DOUBLE)
    END AS "feedback",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("accepted", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("accepted", LENGTH("accepted") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "accepted")
          ELSE "accepted"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("accepted", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("accepted", LENGTH("accepted") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "accepted")
          ELSE "accepted"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "accepted",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("success", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("success", LENGTH("success") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "success")
          ELSE "success"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("success", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("success", LENGTH("success") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "success")
          ELSE "success"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "success",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("is_retry", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("is_retry", LENGTH("is_retry") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "is_retry")
          ELSE "is_retry"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("is_retry", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("is_retry", LENGTH("is_retry") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "is_retry")
          ELSE "is_retry"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "is_retry",
    CASE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("escalated", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("escalated", LENGTH("escalated") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "escalated")
          ELSE "escalated"
        END
      ) IN ('true', 't', 'yes', 'y', '1')
      THEN TRUE
      WHEN LOWER(
        CASE
          WHEN SUBSTR("escalated", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("escalated", LENGTH("escalated") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "escalated")
          ELSE "escalated"
        END
      ) IN ('false', 'f', 'no', 'n', '0')
      THEN FALSE
    END AS "escalated",
    CASE
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END,
        '^[+-]?[0-9]{1,18}$'
      )
      THEN CAST(CASE
        WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
          1 - 1
        )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
        THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
        ELSE "reasoning_tokens"
      END AS BIGINT)
      WHEN REGEXP_LIKE(
        CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END,
        '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
      )
      THEN CASE
        WHEN CAST(CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END AS DOUBLE) = FLOOR(
          CAST(CASE
            WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
            ELSE "reasoning_tokens"
          END AS DOUBLE)
        )
        AND ABS(
          CAST(CASE
            WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
              1 - 1
            )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
            THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
            ELSE "reasoning_tokens"
          END AS DOUBLE)
        ) < 9007199254740992.0
        THEN CAST(CAST(CASE
          WHEN SUBSTR("reasoning_tokens", 1, 1) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          OR SUBSTR("reasoning_tokens", LENGTH("reasoning_tokens") - (
            1 - 1
          )) IN (CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32))
          THEN TRIM(CONCAT(CHR(  9), CHR(  10), CHR(  11), CHR(  12), CHR(  13), CHR(  32)) FROM "reasoning_tokens")
          ELSE "reasoning_tokens"
        END AS DOUBLE) AS BIGINT)
      END
    END AS "reasoning_tokens",
    COALESCE(LENGTH("timestamp") > 0, FALSE) AS "_given_timestamp",
    COALESCE(LENGTH("model") > 0, FALSE) AS "_given_model",
    NOT "input_tokens" IS NULL AS "_given_input_tokens",
    NOT "output_tokens" IS NULL AS "_given_output_tokens",
    COALESCE(LENGTH("cached_input_tokens") > 0, FALSE) AS "_given_cached_input_tokens",
    COALESCE(LENGTH("cache_write_tokens") > 0, FALSE) AS "_given_cache_write_tokens",
    COALESCE(LENGTH("cache_write_1h_tokens") > 0, FALSE) AS "_given_cache_write_1h_tokens",
    COALESCE(LENGTH("customer_id") > 0, FALSE) AS "_given_customer_id",
    COALESCE(LENGTH("feature") > 0, FALSE) AS "_given_feature",
    COALESCE(LENGTH("request_id") > 0, FALSE) AS "_given_request_id",
    NOT "cost" IS NULL AS "_given_cost",
    COALESCE(LENGTH("latency_ms") > 0, FALSE) AS "_given_latency_ms",
    COALESCE(LENGTH("status") > 0, FALSE) AS "_given_status",
    COALESCE(LENGTH("error") > 0, FALSE) AS "_given_error",
    COALESCE(LENGTH("batch") > 0, FALSE) AS "_given_batch",
    COALESCE(LENGTH("service_tier") > 0, FALSE) AS "_given_service_tier",
    COALESCE(LENGTH("feedback") > 0, FALSE) AS "_given_feedback",
    COALESCE(LENGTH("accepted") > 0, FALSE) AS "_given_accepted",
    COALESCE(LENGTH("success") > 0, FALSE) AS "_given_success",
    COALESCE(LENGTH("is_retry") > 0, FALSE) AS "_given_is_retry",
    COALESCE(LENGTH("escalated") > 0, FALSE) AS "_given_escalated",
    COALESCE(LENGTH("reasoning_tokens") > 0, FALSE) AS "_given_reasoning_tokens"
  FROM "calls"
), "converted" AS (
  SELECT
    "_o0",
    "_skip",
    "timestamp",
    "model",
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "cache_write_1h_tokens",
    "customer_id",
    "feature",
    "request_id",
    "cost",
    "latency_ms",
    "status",
    "error",
    "batch",
    "service_tier",
    "feedback",
    "accepted",
    "success",
    "is_retry",
    "escalated",
    "reasoning_tokens",
    "_given_timestamp",
    "_given_model",
    "_given_input_tokens",
    "_given_output_tokens",
    "_given_cached_input_tokens",
    "_given_cache_write_tokens",
    "_given_cache_write_1h_tokens",
    "_given_customer_id",
    "_given_feature",
    "_given_request_id",
    "_given_cost",
    "_given_latency_ms",
    "_given_status",
    "_given_error",
    "_given_batch",
    "_given_service_tier",
    "_given_feedback",
    "_given_accepted",
    "_given_success",
    "_given_is_retry",
    "_given_escalated",
    "_given_reasoning_tokens",
    CASE
      WHEN COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0) > 0
      THEN 1
      ELSE 0
    END AS "_cache_rows",
    CASE
      WHEN COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0) > 0
      AND "input_tokens" >= COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0)
      THEN 1
      ELSE 0
    END AS "_looks_openai"
  FROM "typed"
), "checked" AS (
  SELECT
    "_o0",
    "_skip",
    "timestamp",
    "model",
    "input_tokens",
    "output_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "cache_write_1h_tokens",
    "customer_id",
    "feature",
    "request_id",
    "cost",
    "latency_ms",
    "error",
    "batch",
    "service_tier",
    "feedback",
    "accepted",
    "success",
    "is_retry",
    "escalated",
    "reasoning_tokens",
    "_cache_rows",
    "_looks_openai",
    CASE
      WHEN (
        NOT "error" IS NULL AND NOT LOWER("error") IN ('false', '0', 'none')
      )
      AND CASE
        WHEN LOWER("status") IS NULL
        OR LOWER("status") IN (
          'ok',
          'success',
          'succeeded',
          'completed',
          'complete',
          '200',
          '',
          'default',
          'debug',
          'info',
          'warning'
        )
        THEN 'ok'
        WHEN LOWER("status") IN ('timeout', 'timed_out', 'timedout', 'time_out', '408', '504')
        OR LOWER("status") LIKE '%timeout%'
        THEN 'timeout'
        WHEN CASE
          WHEN REGEXP_LIKE(LOWER("status"), '^[+-]?[0-9]{1,18}$')
          THEN CAST(LOWER("status") AS BIGINT)
        END < 400
        THEN 'ok'
        ELSE 'error'
      END = 'ok'
      THEN 'error'
      ELSE CASE
        WHEN LOWER("status") IS NULL
        OR LOWER("status") IN (
          'ok',
          'success',
          'succeeded',
          'completed',
          'complete',
          '200',
          '',
          'default',
          'debug',
          'info',
          'warning'
        )
        THEN 'ok'
        WHEN LOWER("status") IN ('timeout', 'timed_out', 'timedout', 'time_out', '408', '504')
        OR LOWER("status") LIKE '%timeout%'
        THEN 'timeout'
        WHEN CASE
          WHEN REGEXP_LIKE(LOWER("status"), '^[+-]?[0-9]{1,18}$')
          THEN CAST(LOWER("status") AS BIGINT)
        END < 400
        THEN 'ok'
        ELSE 'error'
      END
    END AS "status",
    CASE
      WHEN "_skip"
      THEN CAST(NULL AS VARCHAR)
      WHEN NOT "_given_timestamp"
      THEN 'timestamp: missing'
      WHEN "_given_timestamp" AND "timestamp" IS NULL
      THEN 'timestamp: not a date-time (ISO 8601, a compact date, or epoch time from 1973 on)'
      WHEN NOT "_given_model"
      THEN 'model: missing'
      WHEN NOT "_given_input_tokens"
      THEN 'input_tokens: missing'
      WHEN "_given_input_tokens" AND "input_tokens" IS NULL
      THEN 'input_tokens: not a whole number'
      WHEN NOT "_given_output_tokens"
      THEN 'output_tokens: missing'
      WHEN "_given_output_tokens" AND "output_tokens" IS NULL
      THEN 'output_tokens: not a whole number'
      WHEN "model" IS NULL
      THEN 'model: missing'
      WHEN "timestamp" > CAST('2026-07-02 12:00:00' AS TIMESTAMP)
      THEN 'timestamp: in the future (after 2026-07-02 12:00 UTC; a skewed clock?)'
      WHEN "_given_cached_input_tokens" AND "cached_input_tokens" IS NULL
      THEN 'cached_input_tokens: not a whole number'
      WHEN "_given_cache_write_tokens" AND "cache_write_tokens" IS NULL
      THEN 'cache_write_tokens: not a whole number'
      WHEN "_given_cache_write_1h_tokens" AND "cache_write_1h_tokens" IS NULL
      THEN 'cache_write_1h_tokens: not a whole number'
      WHEN "_given_cost" AND "cost" IS NULL
      THEN 'cost: not a number'
      WHEN "_given_latency_ms" AND "latency_ms" IS NULL
      THEN 'latency_ms: not a number'
      WHEN "_given_status" AND "status" IS NULL
      THEN 'status: unknown'
      WHEN "_given_batch" AND "batch" IS NULL
      THEN 'batch: not true/false'
      WHEN "_given_feedback" AND "feedback" IS NULL
      THEN 'feedback: not a number'
      WHEN "_given_accepted" AND "accepted" IS NULL
      THEN 'accepted: not true/false'
      WHEN "_given_success" AND "success" IS NULL
      THEN 'success: not true/false'
      WHEN "_given_is_retry" AND "is_retry" IS NULL
      THEN 'is_retry: not true/false'
      WHEN "_given_escalated" AND "escalated" IS NULL
      THEN 'escalated: not true/false'
      WHEN "_given_reasoning_tokens" AND "reasoning_tokens" IS NULL
      THEN 'reasoning_tokens: not a whole number'
      WHEN "input_tokens" < 0
      THEN 'input_tokens: negative'
      WHEN "input_tokens" > 1000000000000
      THEN 'input_tokens: above 10^12, not a token count'
      WHEN "output_tokens" < 0
      THEN 'output_tokens: negative'
      WHEN "output_tokens" > 1000000000000
      THEN 'output_tokens: above 10^12, not a token count'
      WHEN "cached_input_tokens" < 0
      THEN 'cached_input_tokens: negative'
      WHEN "cached_input_tokens" > 1000000000000
      THEN 'cached_input_tokens: above 10^12, not a token count'
      WHEN "cache_write_tokens" < 0
      THEN 'cache_write_tokens: negative'
      WHEN "cache_write_tokens" > 1000000000000
      THEN 'cache_write_tokens: above 10^12, not a token count'
      WHEN "cache_write_1h_tokens" < 0
      THEN 'cache_write_1h_tokens: negative'
      WHEN "cache_write_1h_tokens" > 1000000000000
      THEN 'cache_write_1h_tokens: above 10^12, not a token count'
      WHEN "reasoning_tokens" < 0
      THEN 'reasoning_tokens: negative'
      WHEN "reasoning_tokens" > 1000000000000
      THEN 'reasoning_tokens: above 10^12, not a token count'
      WHEN NOT "cost" * 0 = 0
      THEN 'cost: not a finite number'
      WHEN "cost" < 0
      THEN 'cost: negative'
      WHEN NOT "latency_ms" * 0 = 0
      THEN 'latency_ms: not a finite number'
      WHEN "latency_ms" < 0
      THEN 'latency_ms: negative'
      WHEN NOT "feedback" * 0 = 0
      THEN 'feedback: not a finite number'
      WHEN "cost" > 1000000000000.0
      THEN 'cost: above 10^12 in one call'
      WHEN "latency_ms" > 1000000000000.0
      THEN 'latency_ms: above 10^12 in one call'
      WHEN "feedback" < -1000000000000.0
      THEN 'feedback: below -10^12'
      WHEN "feedback" > 1000000000000.0
      THEN 'feedback: above 10^12 in one call'
      WHEN COALESCE("cached_input_tokens", 0) + COALESCE("cache_write_tokens", 0) > COALESCE("input_tokens", 0)
      THEN 'cached_input_tokens + cache_write_tokens exceed input_tokens (Anthropic-style log? set token_convention: anthropic)'
      WHEN COALESCE("cache_write_1h_tokens", 0) > COALESCE("cache_write_tokens", 0)
      THEN 'cache_write_1h_tokens exceed cache_write_tokens'
    END AS "_reason"
  FROM "converted"
), "repeated" AS (
  SELECT
    "request_id"
  FROM "checked"
  WHERE
    NOT "_skip" AND NOT "request_id" IS NULL
  GROUP BY
    "request_id"
  HAVING
    COUNT(*) > 1
), "deduped" AS (
  SELECT
    "c"."_o0" AS "_o0",
    "c"."_skip" AS "_skip",
    "c"."timestamp" AS "timestamp",
    "c"."model" AS "model",
    "c"."input_tokens" AS "input_tokens",
    "c"."output_tokens" AS "output_tokens",
    "c"."cached_input_tokens" AS "cached_input_tokens",
    "c"."cache_write_tokens" AS "cache_write_tokens",
    "c"."cache_write_1h_tokens" AS "cache_write_1h_tokens",
    "c"."customer_id" AS "customer_id",
    "c"."feature" AS "feature",
    "c"."request_id" AS "request_id",
    "c"."cost" AS "cost",
    "c"."latency_ms" AS "latency_ms",
    "c"."status" AS "status",
    "c"."error" AS "error",
    "c"."batch" AS "batch",
    "c"."service_tier" AS "service_tier",
    "c"."feedback" AS "feedback",
    "c"."accepted" AS "accepted",
    "c"."success" AS "success",
    "c"."is_retry" AS "is_retry",
    "c"."escalated" AS "escalated",
    "c"."reasoning_tokens" AS "reasoning_tokens",
    "c"."_cache_rows" AS "_cache_rows",
    "c"."_looks_openai" AS "_looks_openai",
    "c"."_reason" AS "_reason",
    FALSE AS "_dup"
  FROM "checked" AS "c"
  LEFT JOIN "repeated" AS "r"
    ON "c"."request_id" = "r"."request_id"
  WHERE
    "r"."request_id" IS NULL OR "c"."_skip"
  UNION ALL
  SELECT
    "c"."_o0" AS "_o0",
    "c"."_skip" AS "_skip",
    "c"."timestamp" AS "timestamp",
    "c"."model" AS "model",
    "c"."input_tokens" AS "input_tokens",
    "c"."output_tokens" AS "output_tokens",
    "c"."cached_input_tokens" AS "cached_input_tokens",
    "c"."cache_write_tokens" AS "cache_write_tokens",
    "c"."cache_write_1h_tokens" AS "cache_write_1h_tokens",
    "c"."customer_id" AS "customer_id",
    "c"."feature" AS "feature",
    "c"."request_id" AS "request_id",
    "c"."cost" AS "cost",
    "c"."latency_ms" AS "latency_ms",
    "c"."status" AS "status",
    "c"."error" AS "error",
    "c"."batch" AS "batch",
    "c"."service_tier" AS "service_tier",
    "c"."feedback" AS "feedback",
    "c"."accepted" AS "accepted",
    "c"."success" AS "success",
    "c"."is_retry" AS "is_retry",
    "c"."escalated" AS "escalated",
    "c"."reasoning_tokens" AS "reasoning_tokens",
    "c"."_cache_rows" AS "_cache_rows",
    "c"."_looks_openai" AS "_looks_openai",
    "c"."_reason" AS "_reason",
    ROW_NUMBER() OVER (PARTITION BY "c"."request_id" ORDER BY "c"."_o0" DESC) > 1 AS "_dup"
  FROM "checked" AS "c"
  INNER JOIN "repeated" AS "r"
    ON "c"."request_id" = "r"."request_id"
  WHERE
    NOT "c"."_skip"
), "numbered" AS (
  SELECT
    "_reason",
    "_dup",
    "timestamp",
    0 AS "_file",
    ROW_NUMBER() OVER (ORDER BY "_o0") AS "_row"
  FROM "deduped"
), "ranked" AS (
  SELECT
    "_file",
    "_reason",
    "_row",
    ROW_NUMBER() OVER (PARTITION BY "_file", "_reason" ORDER BY "_row") AS "_k",
    COUNT(*) OVER (PARTITION BY "_file", "_reason") AS "rows"
  FROM "numbered"
  WHERE
    (
      NOT "_reason" IS NULL AND NOT "_dup"
    )
    AND (
      "timestamp" IS NULL
      OR (
        "timestamp" >= CAST('2026-05-01 00:00:00' AS TIMESTAMP)
        AND "timestamp" < CAST('2026-07-01 00:00:00' AS TIMESTAMP)
      )
    )
)
SELECT
  "_file",
  "_reason",
  "_row",
  "rows"
FROM "ranked"
WHERE
  "_k" <= 5;
