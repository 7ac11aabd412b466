-- The language a subscription was made in (issue #22), as a BCP 47 tag: its mails are written in it. Subscriptions
-- made before languages were offered were made on English pages.

alter table subscription add column locale varchar(35) default 'en' not null;
