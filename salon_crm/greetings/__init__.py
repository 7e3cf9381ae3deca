"""Birthday and anniversary greetings: selection, de-duplication, sending and the scheduler job."""
