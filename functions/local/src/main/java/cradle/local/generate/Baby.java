package cradle.local.generate;

import java.time.LocalDate;

/** A baby of one family account. */
public record Baby(String userId, String babyId, LocalDate birthDate) {}
