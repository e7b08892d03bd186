-- 005_lot_contact.sql - who to ask about a lot.
ALTER TABLE lot ADD COLUMN contact TEXT;
