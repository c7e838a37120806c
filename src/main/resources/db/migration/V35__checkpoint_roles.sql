-- Checkpoint roles (R19): each checkpoint key may act only as the checkpoint types it is
-- registered for (comma-separated ENTRY_GATE, EXIT_GATE, TICKET_WINDOW, REAL_NAME_CHECK,
-- ON_TRAIN) at one station or on one train (its telegraph code such as BJP, or a train code such
-- as G1234). Keys registered before roles existed keep acting as every type, with no station.
alter table checkpoint_key add column checkpoint_types varchar(100);
update checkpoint_key
  set checkpoint_types = 'ENTRY_GATE,EXIT_GATE,TICKET_WINDOW,REAL_NAME_CHECK,ON_TRAIN';
alter table checkpoint_key alter column checkpoint_types set not null;
alter table checkpoint_key add column station varchar(16);

-- Each sighting records the checkpoint type the device acted as and its key's station or train
-- (codes, not personal data); rows from before this change have neither.
alter table frame_sighting add column checkpoint_type varchar(20);
alter table frame_sighting add column station varchar(16);
