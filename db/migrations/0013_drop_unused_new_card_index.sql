-- Drills (issue 13): every query for new cards reads cards_new_answered
-- (0011), which holds the new cards a session may show. cards_new (0009)
-- is read by none, yet every card written on import paid to maintain it.
DROP INDEX cards_new;
