"""Messages to customers: one outbox (Salon Message) that greetings and campaigns plan rows into, consent by
purpose, the SMS and email channels, the sending window."""
