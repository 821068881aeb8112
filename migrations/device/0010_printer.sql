-- This till's receipt printer. Never synced: each till has its own printer (or none).
CREATE TABLE printer_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    -- Where to print: tcp://host:port or a device path; '' is no printer.
    target      TEXT    NOT NULL DEFAULT '',
    paper_mm    INTEGER NOT NULL DEFAULT 58 CHECK (paper_mm IN (58, 80)),
    -- Print the receipt after each sale.
    auto_print  INTEGER NOT NULL DEFAULT 0 CHECK (auto_print IN (0, 1)),
    -- Open the cash drawer (through the printer) when a sale takes cash.
    open_drawer INTEGER NOT NULL DEFAULT 0 CHECK (open_drawer IN (0, 1))
) STRICT;
INSERT INTO printer_settings (id) VALUES (1);
